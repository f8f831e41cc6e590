package dev.exca.runtime.backend;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inflight registry of a step folder: one claim file per item being computed, so that two
 * drivers running the same step at once compute each item once (exca's inflight.db, without
 * SQLite). A claim names its owner (host, pid and a session token); a claim whose owner is dead is
 * released by whoever finds it.
 *
 * <p>Claims are created with {@code CREATE_NEW}, which is atomic on local filesystems and on NFS v3+.
 */
public final class Claims implements AutoCloseable {
  private static final String HOST = host();
  private static final long PID = ProcessHandle.current().pid();
  /** Sessions of this JVM that are still open: a claim of ours with a closed session is dead. */
  private static final Set<String> LIVE_SESSIONS = ConcurrentHashMap.newKeySet();

  private final Path folder;
  private final String session = UUID.randomUUID().toString();
  private final List<Path> held = new ArrayList<>();
  private final String job;

  /**
   * Opens a claim session on a step folder.
   *
   * @param stepFolder the step folder; claims live in {@code stepFolder/inflight/}
   * @param job a description of who computes (a job id), for {@code lookup}
   */
  public Claims(Path stepFolder, String job) {
    this.folder = stepFolder.resolve("inflight");
    this.job = job;
    LIVE_SESSIONS.add(session);
  }

  /** The owner of a claim, as read from its file. */
  public record Owner(String host, long pid, String session, String job, long time) {
    /**
     * Whether the owner still runs: same host and a live process (and, for this JVM, an open
     * session). Claims from other hosts are trusted for an hour after their last update.
     *
     * @return true when alive
     */
    public boolean alive() {
      String slurmJob = Slurm.jobOfLabel(job);
      if (slurmJob != null) {
        // A Slurm job outlives its driver: alive while queued or running (exca: "not job.done()").
        Boolean active = Slurm.active(slurmJob);
        if (Boolean.TRUE.equals(active)) {
          return true;
        }
        if (Boolean.FALSE.equals(active) && !host.equals(HOST)) {
          return false;
        }
      }
      if (!host.equals(HOST)) {
        return System.currentTimeMillis() - time < 3_600_000L;
      }
      if (pid == PID) {
        return LIVE_SESSIONS.contains(session);
      }
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  /**
   * Tries to claim every uid; returns those claimed by someone else who is alive. Dead claims are
   * taken over.
   *
   * @param uids the items to claim
   * @return the uids held by other live owners (not claimed by this session)
   * @throws IOException if the folder cannot be written
   */
  public List<String> claim(Collection<String> uids) throws IOException {
    Files.createDirectories(folder);
    List<String> busy = new ArrayList<>();
    for (String uid : uids) {
      Path file = file(uid);
      for (int attempt = 0; ; attempt++) {
        try {
          Files.write(file, content(uid), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          held.add(file);
          break;
        } catch (FileAlreadyExistsException e) {
          Owner owner = read(file);
          if (owner != null && owner.alive()) {
            busy.add(uid);
            break;
          }
          // A dead owner (or a file being written right now): take it over once, then re-check.
          if (attempt > 0 && owner == null) {
            busy.add(uid);
            break;
          }
          if (owner != null) {
            Files.deleteIfExists(file);
          } else {
            sleep(20);
          }
        }
      }
    }
    return busy;
  }

  /**
   * Relabels claims this session holds with the job that computes each item (for example the
   * Slurm array task, {@code slurm:1234_5}), so that {@code lookup} can tell it and the claims stay
   * alive while that job runs.
   *
   * @param jobs uid to job label; uids this session does not hold are ignored
   * @throws IOException if a claim cannot be rewritten
   */
  public void relabel(java.util.Map<String, String> jobs) throws IOException {
    Set<Path> mine = new java.util.HashSet<>(held);
    for (java.util.Map.Entry<String, String> e : jobs.entrySet()) {
      Path file = file(e.getKey());
      if (!mine.contains(file)) {
        continue;
      }
      Path tmp = folder.resolve(file.getFileName() + "." + session + ".part");
      Files.write(tmp, content(e.getKey(), e.getValue()));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The owner of the claim on an item.
   *
   * @param stepFolder the step folder
   * @param uid the item uid
   * @return the owner, or null when unclaimed
   */
  public static Owner owner(Path stepFolder, String uid) {
    return read(stepFolder.resolve("inflight").resolve(name(uid)));
  }

  /**
   * Whether another live owner holds the claim on an item.
   *
   * @param stepFolder the step folder
   * @param uid the item uid
   * @return true when the item is being computed elsewhere
   */
  public static boolean heldByOther(Path stepFolder, String uid) {
    Owner o = owner(stepFolder, uid);
    return o != null && o.alive();
  }

  private static Owner read(Path file) {
    try {
      String[] f = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
      if (f.length < 6) {
        return null;
      }
      return new Owner(f[0], Long.parseLong(f[1]), f[2], f[3], Long.parseLong(f[4]));
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private byte[] content(String uid) {
    return content(uid, job);
  }

  private byte[] content(String uid, String job) {
    return (HOST + "\n" + PID + "\n" + session + "\n" + job + "\n" + System.currentTimeMillis() + "\n" + uid)
        .getBytes(StandardCharsets.UTF_8);
  }

  private Path file(String uid) {
    return folder.resolve(name(uid));
  }

  /** A claim file name: a digest, so that no uid can escape the folder or be too long. */
  static String name(String uid) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16) + ".claim";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Releases every claim of this session. */
  @Override
  public void close() {
    LIVE_SESSIONS.remove(session);
    for (Path p : held) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A leftover claim is harmless: its owner is now dead and the next reader takes it over.
      }
    }
    held.clear();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return ManagementFactory.getRuntimeMXBean().getName();
    }
  }
}
