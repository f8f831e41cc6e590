package dev.exca.runtime.cache;

import dev.exca.runtime.cache.IndexLines.Integrity;
import dev.exca.runtime.cache.IndexLines.Payload;

/**
 * One cached result as the in-memory index knows it: the uid, where its index line is (to blank
 * it) and where its payload is. Immutable except for the line offset of this process's own lines,
 * which is known only once the group they belong to is written.
 */
final class Entry {
  final String uid;
  final IndexFile file;
  final int lineLength;
  /**
   * Where the value is; null for a {@linkplain #lazy() lazy} entry, whose inline value is read from
   * its index line when wanted.
   */
  final Payload payload;
  /**
   * Payload length and checksum, from the sidecar or computed when written here; null for inline
   * values (nothing to verify) and for writers that keep none.
   */
  final Integrity integrity;

  /** Byte offset of the index line, -1 while it waits in this process's write buffer. */
  volatile long lineOffset;

  Entry(String uid, IndexFile file, long lineOffset, int lineLength, Payload payload,
      Integrity integrity) {
    this.uid = uid;
    this.file = file;
    this.lineOffset = lineOffset;
    this.lineLength = lineLength;
    this.payload = payload;
    this.integrity = integrity;
  }

  /**
   * Whether this entry is an inline value kept only as the place of its index line (what the
   * {@link EntryTable} hands out for most entries): its payload is parsed from the line on read.
   */
  boolean lazy() {
    return payload == null;
  }

  /** Whether {@code a} and {@code b} are the same index line (lookups build new lazy objects). */
  static boolean sameLine(Entry a, Entry b) {
    if (a == b) {
      return true;
    }
    long at = a.lineOffset;
    return a.file == b.file && at >= 0 && at == b.lineOffset && a.uid.equals(b.uid);
  }

  @Override
  public String toString() {
    return uid + " @ " + file.name + ":" + lineOffset;
  }
}
