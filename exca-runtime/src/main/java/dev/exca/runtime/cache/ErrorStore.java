package dev.exca.runtime.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Recorded failures: one small JSON file per item, {@code {stepFolder}/errors/{safe uid}.json},
 * replaced atomically. exca keeps them in SQLite ({@code errors.db}); plain files need no
 * dependency and no locking, and a reader only ever sees a whole record.
 */
final class ErrorStore {
  /** Looked up on first use: the first logger of a JVM starts its logging system (~25 ms). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(ErrorStore.class.getName());
  }

  private final Path folder;
  private final ObjectMapper mapper;

  ErrorStore(Path stepFolder, ObjectMapper mapper) {
    this.folder = stepFolder.resolve("errors");
    this.mapper = mapper;
  }

  Path path(String uid) {
    return folder.resolve(fileName(uid));
  }

  /** The file name of the record of {@code uid}. */
  static String fileName(String uid) {
    return SafeNames.stringUid(uid) + ".json";
  }

  /**
   * The names of the record files present now: one listing for a bulk check ({@link
   * StepCache#freeze}); empty when the folder does not exist.
   */
  java.util.Set<String> names() {
    java.util.Set<String> names = new java.util.HashSet<>();
    try (java.nio.file.DirectoryStream<Path> dir = Files.newDirectoryStream(folder, "*.json")) {
      for (Path p : dir) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      // no error recorded yet
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the error records in " + folder, e);
    }
    return names;
  }

  void record(String uid, Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    ObjectNode json = mapper.createObjectNode();
    json.put("uid", uid);
    json.put("type", error.getClass().getName());
    json.put("message", error.getMessage());
    json.put("stackTrace", trace.toString());
    json.put("time", Instant.now().toString());
    Path target = path(uid);
    try {
      Files.createDirectories(folder);
      byte[] bytes = mapper.writeValueAsBytes(json);
      AtomicFiles.write(target, AtomicFiles.tempName(".tmp-", target), bytes, false, true);
    } catch (IOException e) {
      throw new CacheWriteException(
          "Cannot record the failure of item " + uid + " in " + target + ": " + e, e);
    }
  }

  StepCache.ErrorRecord read(String uid) {
    Path p = path(uid);
    if (absent(p)) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the error record " + p, e);
    }
    try {
      JsonNode json = mapper.readTree(bytes);
      if (!uid.equals(text(json, "uid"))) {
        return null; // another uid with the same file name (an md5[:8] collision): not ours
      }
      return new StepCache.ErrorRecord(
          uid, text(json, "type"), text(json, "message"), text(json, "stackTrace"), p);
    } catch (IOException | RuntimeException e) {
      // a torn or hand-edited record: keep it for inspection, report no error
      Log.LOG.log(Level.WARNING, "Unreadable error record {0} set aside as .failed: {1}", p, e);
      try {
        AtomicFiles.move(p, p.resolveSibling(p.getFileName() + ".failed"));
      } catch (IOException moveFailure) {
        Log.LOG.log(Level.WARNING, "Cannot set aside {0}: {1}", p, moveFailure);
      }
      return null;
    }
  }

  /**
   * The engine asks for the error of every missing item: answer the common "no record" with a
   * plain stat, without the cost of a {@code NoSuchFileException}.
   */
  private static boolean absent(Path p) {
    try {
      return !p.toFile().isFile();
    } catch (UnsupportedOperationException e) {
      return false; // not the default filesystem: let the read find out
    }
  }

  void delete(String uid) {
    Path p = path(uid);
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the error record " + p, e);
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }
}
