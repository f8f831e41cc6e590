package dev.exca.runtime.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Which cluster job computed each item of a step folder (exca's {@code jobs.db}): one small file
 * per item under {@code {step folder}/jobs/}, named by a digest of the uid, holding the job id, its
 * log folder, the time of submission and the uid. The last submission of an item wins. Written by
 * the SLURM backend when it submits; read by {@code lookup(value).job()}.
 */
public final class JobRecords {
  private JobRecords() {}

  /** A recorded job: its label (such as {@code slurm:1234_5}), log folder and submission time. */
  public record Job(String label, Path logFolder, long time) {}

  /**
   * Records the job of each item, replacing earlier records.
   *
   * @param stepFolder the step folder
   * @param jobs uid to job label
   * @param logFolders uid to the job's log folder
   * @throws IOException if a record cannot be written
   */
  public static void write(Path stepFolder, Map<String, String> jobs, Map<String, Path> logFolders) throws IOException {
    Path folder = stepFolder.resolve("jobs");
    Files.createDirectories(folder);
    long now = System.currentTimeMillis();
    for (Map.Entry<String, String> e : jobs.entrySet()) {
      String uid = e.getKey();
      Path file = folder.resolve(name(uid));
      Path tmp = folder.resolve(name(uid) + "." + ProcessHandle.current().pid() + ".part");
      Path log = logFolders.get(uid);
      String content = e.getValue() + "\n" + (log == null ? "" : log.toString()) + "\n" + now + "\n" + uid;
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The recorded job of an item.
   *
   * @param stepFolder the step folder
   * @param uid the item uid
   * @return the job, or null when none was recorded
   */
  public static Job read(Path stepFolder, String uid) {
    try {
      String[] f = Files.readString(stepFolder.resolve("jobs").resolve(name(uid)), StandardCharsets.UTF_8).split("\n", 4);
      if (f.length < 4 || !f[3].equals(uid)) {
        return null;
      }
      return new Job(f[0], f[1].isEmpty() ? null : Path.of(f[1]), Long.parseLong(f[2]));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String name(String uid) {
    return Claims.name(uid).replace(".claim", ".job");
  }
}
