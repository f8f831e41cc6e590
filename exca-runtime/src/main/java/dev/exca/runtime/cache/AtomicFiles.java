package dev.exca.runtime.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Whole-file writes that readers never see half done: write a temporary file next to the target,
 * optionally force it, then rename it into place (Gradle's build cache and exca do the same).
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to {@code target} atomically.
   *
   * @param tempName the temporary file name (same folder), e.g. exca's {@code
   *     save-tmp-{uuid8}-{name}}
   * @param force force the bytes to the device before the rename (so that a crash can never
   *     leave an empty or partial file under the final name)
   * @param replace replace an existing target; when false and the target exists, the first writer
   *     wins and the call returns false
   * @return true when this call put the file in place
   * @throws IOException on failure (the temporary file is removed)
   */
  static boolean write(Path target, String tempName, byte[] bytes, boolean force, boolean replace)
      throws IOException {
    Path temp = target.resolveSibling(tempName);
    try {
      writeNew(temp, bytes, force);
      if (!replace && Files.exists(target)) {
        return false;
      }
      move(temp, target);
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes a new file (failing if it exists), optionally forced: the first half of {@link #write}. */
  static void writeNew(Path path, byte[] bytes, boolean force) throws IOException {
    try (FileChannel ch =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (force) {
        ch.force(false);
      }
    }
  }

  /** A temporary name: {@code {prefix}{uuid8}-{name}}. */
  static String tempName(String prefix, Path target) {
    return prefix + UUID.randomUUID().toString().substring(0, 8) + "-" + target.getFileName();
  }

  /** Renames atomically, replacing the target (POSIX rename semantics). */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // only on exotic filesystems; a plain replace is the best that remains
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Forces a directory's entries (new names, renames) to the device; best effort, since not every
   * platform can open a directory.
   */
  static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not supported here (e.g. Windows); durability of the names then rests on the OS
    }
  }
}
