package dev.exca.runtime.cache;

/**
 * Per-thread buffers for decoding a value read back from its index line. Reading a warm cache
 * allocated a copy of the line and a string of its number per item; in a new JVM every fresh
 * heap page costs a page fault, so those bytes cost more than decoding them.
 */
final class Scratch {
  private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

  private byte[] line = new byte[256];
  private final char[] chars = new char[IndexFastPaths.MAX_NUMBER];

  private Scratch() {}

  static Scratch get() {
    return CURRENT.get();
  }

  /** A buffer of at least {@code length} bytes; its content is the caller's until its next call. */
  byte[] line(int length) {
    if (line.length < length) {
      if (length > 1 << 16) {
        return new byte[length]; // a rare long line: not kept for the life of the thread
      }
      line = new byte[Integer.highestOneBit(length) << 1];
    }
    return line;
  }

  /** A compact entry's line, as {@link EntryTable#locate} found it. */
  IndexFile file;

  long lineOffset;
  int lineLength;

  void locate(IndexFile file, long lineOffset, int lineLength) {
    this.file = file;
    this.lineOffset = lineOffset;
    this.lineLength = lineLength;
  }

  /** Room for the chars of a number. */
  char[] chars() {
    return chars;
  }
}
