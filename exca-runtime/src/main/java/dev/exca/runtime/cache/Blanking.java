package dev.exca.runtime.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Deletes index lines in place, the crash-safe way of exca (issue #294): the first byte of each
 * line becomes a space and is forced to disk, then the rest of the line becomes spaces, newline
 * kept. A reader or a crash in between sees a line starting with a space: deleted. Offsets of the
 * other lines do not move, so concurrent readers and writers are not disturbed.
 */
final class Blanking {
  private Blanking() {}

  /** Blanks the lines of {@code entries} in the index file at {@code path}. */
  static void blank(Path path, List<Entry> entries) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      blank(ch, entries);
    }
  }

  /** Blanks the lines of {@code entries} through an open read-write channel. */
  static void blank(FileChannel ch, List<Entry> entries) throws IOException {
    boolean[] live = new boolean[entries.size()];
    ByteBuffer one = ByteBuffer.allocate(1);
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.lineOffset < 0) {
        continue;
      }
      one.clear();
      // only a line that still starts an object is ours to blank (not one blanked already)
      live[i] = ch.read(one, e.lineOffset) == 1 && one.get(0) == '{';
      if (live[i]) {
        write(ch, new byte[] {' '}, e.lineOffset);
      }
    }
    if (IndexWriter.FSYNC) {
      ch.force(false);
    }
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (live[i] && e.lineLength > 1) {
        byte[] spaces = new byte[e.lineLength - 1];
        Arrays.fill(spaces, (byte) ' ');
        write(ch, spaces, e.lineOffset + 1);
      }
    }
  }

  private static void write(FileChannel ch, byte[] bytes, long position) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long at = position;
    while (buf.hasRemaining()) {
      at += ch.write(buf, at);
    }
  }
}
