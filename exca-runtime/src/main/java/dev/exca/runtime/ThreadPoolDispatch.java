package dev.exca.runtime;

import dev.exca.runtime.backend.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  static Carrier run(Engine.Target t, Carrier input, CompactUids pending, Mode mode) {
    Engine.Claimed claimed = Engine.claim(t, pending, mode, "threads-" + ProcessHandle.current().pid());
    CompactUids mine = claimed.uids();
    Engine.prepareRecompute(t, t.cache(), mine, mode);
    List<CompactUids> jobs = Engine.jobs(t, mine);
    int threads = Math.max(1, Math.min(jobs.size(), Math.min(t.infra().maxJobs(), Runtime.getRuntime().availableProcessors())));
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemon(t.last().stepDescriptor().name()));
    Progress progress = new Progress(t.last().stepDescriptor().name(), mine.size());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    int[] starts = new int[jobs.size()];
    int start = 0;
    for (int j = 0; j < jobs.size(); j++) {
      Carrier selected = input.select(jobs.get(j));
      all.add(CompletableFuture.runAsync(() -> Engine.computeChunk(t, selected, progress, false), pool));
      starts[j] = start;
      start += jobs.get(j).size();
    }
    pool.shutdown(); // threads end once the submitted jobs are done
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .whenComplete((ok, err) -> claimed.claims().close());
    Carrier cached = Engine.cached(t, input, mode, () -> {});
    Runnable onClose =
        () -> {
          for (CompletableFuture<Void> f : all) {
            f.cancel(false); // jobs not started yet are dropped; running ones finish their writes
          }
        };
    // The job of an item is found from its place in `mine` (jobs are contiguous slices of it), not
    // from a map of every uid to its job.
    UidIndex places = mine.index();
    return new Carrier(
        input.uids,
        uid -> {
          int place = places.firstOf(uid);
          if (place >= 0) {
            int j = Arrays.binarySearch(starts, place);
            await(all.get(j >= 0 ? j : -j - 2));
          }
          return cached.source.apply(uid);
        },
        cached.upstream,
        List.of(),
        mode,
        onClose,
        input.unique);
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
