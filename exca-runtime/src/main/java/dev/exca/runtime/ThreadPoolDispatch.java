package dev.exca.runtime;

import dev.exca.runtime.backend.Chunks;
import dev.exca.runtime.backend.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The THREAD_POOL backend: pending items are split into jobs run by a pool of threads in this
 * JVM; results stream (reading an item waits only for the job that computes it).
 */
final class ThreadPoolDispatch {
  private ThreadPoolDispatch() {}

  static Carrier run(Engine.Target t, Carrier input, List<String> pending, Mode mode) {
    Engine.Claimed claimed = Engine.claim(t, pending, mode, "threads-" + ProcessHandle.current().pid());
    List<String> mine = claimed.uids();
    Engine.prepareRecompute(t, t.cache(), mine, mode);
    List<List<String>> jobs = Chunks.split(mine, t.infra().maxJobs(), t.infra().minItemsPerJob());
    int threads = Math.max(1, Math.min(jobs.size(), Math.min(t.infra().maxJobs(), Runtime.getRuntime().availableProcessors())));
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon(t.last().stepDescriptor().name()));
    Progress progress = new Progress(t.last().stepDescriptor().name(), mine.size());
    Map<String, CompletableFuture<Void>> futureOf = new HashMap<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (List<String> job : jobs) {
      Carrier selected = input.select(job);
      CompletableFuture<Void> f =
          CompletableFuture.runAsync(() -> Engine.computeChunk(t, selected, progress, false), pool);
      all.add(f);
      for (String uid : job) {
        futureOf.put(uid, f);
      }
    }
    pool.shutdown(); // threads end once the submitted jobs are done
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .whenComplete((ok, err) -> claimed.claims().close());
    Carrier cached = Engine.cached(t, input.uids, mode, () -> {});
    Runnable onClose =
        () -> {
          for (CompletableFuture<Void> f : all) {
            f.cancel(false); // jobs not started yet are dropped; running ones finish their writes
          }
        };
    return new Carrier(
        input.uids,
        uid -> {
          CompletableFuture<Void> f = futureOf.get(uid);
          if (f != null) {
            await(f);
          }
          return cached.source.apply(uid);
        },
        cached.upstream,
        List.of(),
        mode,
        onClose);
  }

  private static void await(CompletableFuture<Void> f) {
    try {
      f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread th = new Thread(r, "exca-" + name + "-" + n.incrementAndGet());
      th.setDaemon(true);
      return th;
    };
  }
}
