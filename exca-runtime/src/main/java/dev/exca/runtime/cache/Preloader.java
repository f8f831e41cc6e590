package dev.exca.runtime.cache;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that loads index files ahead of use ({@link StepCache#preload}): a warm run
 * computes its item uids (md5 per item) on the caller's thread while its index is parsed on this
 * one. It ends when idle, so a JVM that stopped using caches keeps no thread for them.
 */
final class Preloader {
  private static final ThreadPoolExecutor EXECUTOR =
      new ThreadPoolExecutor(
          1,
          1,
          2,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "exca-index-preload");
            t.setDaemon(true);
            return t;
          });

  static {
    EXECUTOR.allowCoreThreadTimeOut(true);
  }

  private Preloader() {}

  static void submit(Runnable load) {
    EXECUTOR.execute(load);
  }
}
