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

  @Override
  public String toString() {
    return uid + " @ " + file.name + ":" + lineOffset;
  }
}
