package dev.exca.runtime;

import dev.exca.runtime.backend.Chunks;
import dev.exca.runtime.backend.Claims;
import dev.exca.runtime.backend.Progress;
import dev.exca.runtime.cache.CacheMissException;
import dev.exca.runtime.cache.StepCache;
import dev.exca.runtime.identity.Uids;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs steps that have infra over the filesystem cache (exca's Backend._run): prepare the step
 * folder, decide which items are pending from their cache status and the mode, compute those only,
 * and hand back a carrier that reads every requested item from the cache in input order.
 */
final class Engine {
  /** Looked up on first use: the first logger of a JVM starts its logging system (~25 ms). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger("dev.exca.runtime");
  }

  private Engine() {}

  /** A step resolved against its cache folder. */
  record Target(
      AbstractStep<?, ?> step, Infra infra, Path root, List<GeneratedStep<?, ?>> aligned, String path) {
    Path stepFolder() {
      return root.resolve(path);
    }

    StepCache cache() {
      return infra.lifetime().cache(stepFolder(), infra.keepInRam());
    }

    GeneratedStep<?, ?> last() {
      return aligned.get(aligned.size() - 1);
    }

    Type outputType() {
      return last().stepDescriptor().outputType();
    }
  }

  static Target target(AbstractStep<?, ?> step, List<GeneratedStep<?, ?>> upstream, Path inheritedFolder) {
    Infra infra = step.infra();
    Path root = infra.folder() != null ? infra.folder() : inheritedFolder;
    if (root == null) {
      infra.requireFolder(step.displayName());
    }
    List<GeneratedStep<?, ?>> aligned = new ArrayList<>(upstream);
    aligned.addAll(step.uidSteps());
    List<String> segments = new ArrayList<>();
    for (GeneratedStep<?, ?> s : aligned) {
      segments.add(s.segment());
    }
    return new Target(step, infra, root, List.copyOf(aligned), Uids.path(segments));
  }

  /**
   * Starts loading, in the background, the indexes a run of {@code step} reads (its own, or those
   * of the cached steps of a chain without infra, in order) while the caller computes item uids.
   * Only a folder's first use in a JVM reads its index files; later runs find it in memory.
   */
  static void preload(AbstractStep<?, ?> step) {
    try {
      preload(step, new ArrayList<>());
    } catch (RuntimeException e) {
      // an infra without a folder and the like: dispatch reports it with its full message
    }
  }

  private static void preload(AbstractStep<?, ?> step, List<GeneratedStep<?, ?>> upstream) {
    Infra infra = step.infra();
    if (infra != null && infra.folder() != null) {
      target(step, upstream, null).cache().preload();
    } else if (infra == null && step instanceof Chain) {
      for (AbstractStep<?, ?> s : ((Chain<?, ?>) step).children()) {
        preload(s, upstream);
      }
      return;
    }
    upstream.addAll(step.uidSteps());
  }

  static Carrier runCached(AbstractStep<?, ?> step, Carrier input, Path inheritedFolder) {
    Target t = target(step, input.upstream, inheritedFolder);
    StepCache cache = t.cache();
    if (t.infra.lifetime().firstCheck(t.stepFolder())) {
      cache.checkAndWriteConfigs(uidConfigs(t, 0), uidConfigs(t, 1), uidConfigs(t, 2));
    }
    Mode mode = Modes.fold(input.mode, Modes.effective(step));
    CompactUids pending = pending(t, cache, input.uids, input.unique, mode);
    if (pending.isEmpty()) {
      return cached(t, input, mode, () -> {});
    }
    switch (t.infra.backend()) {
      case CACHED:
        prepareRecompute(t, cache, pending, mode);
        computeChunk(t, input.select(pending), null, false);
        return cached(t, input, mode, () -> {});
      case THREAD_POOL:
        return ThreadPoolDispatch.run(t, input, pending, mode);
      case PROCESS_POOL:
      case LOCAL_PROCESS:
        ProcessDispatch.run(t, input, pending, mode);
        return cached(t, input, mode, () -> {});
      case SLURM:
        SlurmDispatch.run(t, input, pending, mode);
        return cached(t, input, mode, () -> {});
      default:
        throw new AssertionError(t.infra.backend());
    }
  }

  /**
   * A carrier reading every uid of {@code input} from the step's cache, in input order. It holds
   * nothing of {@code input} but its uids: the inputs can go once computed.
   */
  static Carrier cached(Target t, Carrier input, Mode mode, Runnable onClose) {
    StepCache cache = t.cache();
    Type type = t.outputType();
    return new Carrier(
        input.uids, uid -> readBack(cache, t.path, uid, type), t.aligned, List.of(), mode, onClose, input.unique);
  }

  /**
   * Splits pending items into jobs ({@link Chunks#bounds}) as views of the compact list: a million
   * pending items make a hundred small objects, not a million Strings.
   */
  static List<CompactUids> jobs(Target t, CompactUids items) {
    int[] bounds = Chunks.bounds(items.size(), t.infra.maxJobs(), t.infra.minItemsPerJob());
    List<CompactUids> jobs = new ArrayList<>(bounds.length);
    for (int j = 0; j + 1 < bounds.length; j++) {
      jobs.add(items.subList(bounds[j], bounds[j + 1]));
    }
    return jobs;
  }

  /**
   * Claims the pending items for a concurrent backend, all or nothing (exca's inflight protocol):
   * when another live driver holds some of them, this driver releases what it took, waits with a
   * jittered backoff and tries again with what is still pending. Holding a part while waiting for
   * the rest would deadlock two drivers whose items overlap.
   *
   * @return the claims and the items this driver must compute, in the given order
   */
  static Claimed claim(Target t, CompactUids pending, Mode mode, String job) {
    CompactUids todo = pending;
    long sleep = 50;
    while (true) {
      Claims claims = new Claims(t.stepFolder(), job);
      List<String> busy;
      try {
        busy = claims.claim(todo);
      } catch (java.io.IOException e) {
        claims.close();
        throw new java.io.UncheckedIOException("cannot claim items in " + t.stepFolder(), e);
      } catch (RuntimeException e) {
        claims.close();
        throw e;
      }
      if (busy.isEmpty()) {
        return new Claimed(claims, todo);
      }
      claims.close();
      Log.LOG.log(
          System.Logger.Level.INFO,
          busy.size() + " items of " + t.path + " are being computed by another process; waiting");
      sleepQuietly(sleep / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(sleep / 2 + 1));
      sleep = Math.min(2000, sleep * 2);
      // Whatever the other owner finished is now cached: keep only what is still pending.
      todo = pending(t, t.cache(), todo, true, mode == Mode.FORCE ? Mode.CACHED : mode);
      if (todo.isEmpty()) {
        return new Claimed(new Claims(t.stepFolder(), job), todo);
      }
    }
  }

  record Claimed(Claims claims, CompactUids uids) {}

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another process", e);
    }
  }

  private static Object readBack(StepCache cache, String stepPath, String uid, Type type) {
    try {
      return cache.read(uid, type);
    } catch (CacheMissException e) {
      throw new IllegalStateException(
          "step " + stepPath + ": the result of item " + uid + " was computed but cannot be read back from "
              + cache.cacheFolder() + " (" + e.getMessage() + "); run again to recompute it",
          e);
    }
  }

  /**
   * Pending unique uids in input order, as a selection of {@code uids}; raises cached errors and
   * read-only misses (spec §5.2).
   *
   * @param unique whether {@code uids} is known to hold no duplicates
   */
  static CompactUids pending(Target t, StepCache cache, CompactUids uids, boolean unique, Mode mode) {
    // one look at other writers for the whole list, not a file-system call per uid
    StepCache.Frozen frozen = cache.freeze();
    try {
      return pendingFrozen(t, cache, uids, unique, mode);
    } finally {
      frozen.close();
    }
  }

  private static CompactUids pendingFrozen(
      Target t, StepCache cache, CompactUids uids, boolean unique, Mode mode) {
    Infra.Lifetime life = t.infra.lifetime();
    String folderKey = t.stepFolder().toString();
    CompactUids.SelectionBuilder pending = uids.selectionBuilder();
    // A repeat gives the same answers as its first occurrence, which comes before it: it only has
    // to be kept out of the pending items. Asking the index only then means that a run whose items
    // are all cached never builds it.
    for (int i = 0; i < uids.size(); i++) {
      String uid = uids.get(i);
      boolean success = cache.contains(uid);
      StepCache.ErrorRecord error = success ? null : cache.error(uid);
      if (!success && error == null) {
        if (mode == Mode.READ_ONLY) {
          throw new IllegalStateException(
              "No cache in read-only mode: "
                  + t.path
                  + "["
                  + uid
                  + "] (folder "
                  + t.stepFolder()
                  + "); run it once with Mode.CACHED to fill the cache");
        }
        addFirst(pending, uids, unique, i);
        continue;
      }
      // only FORCE and RETRY ask the lifetime (a string key per item: not for every hit)
      if (error != null) {
        if ((mode == Mode.RETRY || mode == Mode.FORCE) && !life.wasRecomputed(folderKey, uid)) {
          addFirst(pending, uids, unique, i);
        } else {
          throw fromCache(t, error);
        }
      } else if (mode == Mode.FORCE && !life.wasRecomputed(folderKey, uid)) {
        addFirst(pending, uids, unique, i);
      }
    }
    return pending.build();
  }

  private static void addFirst(CompactUids.SelectionBuilder pending, CompactUids uids, boolean unique, int i) {
    if (unique || uids.index().isFirst(i)) {
      pending.add(i);
    }
  }

  /** FORCE and RETRY: clear what will be recomputed and remember it for this Infra lifetime. */
  static void prepareRecompute(Target t, StepCache cache, CompactUids pending, Mode mode) {
    if (mode != Mode.FORCE && mode != Mode.RETRY) {
      return;
    }
    Infra.Lifetime life = t.infra.lifetime();
    String folderKey = t.stepFolder().toString();
    CompactUids.SelectionBuilder picked = pending.selectionBuilder();
    for (int i = 0; i < pending.size(); i++) {
      String uid = pending.get(i);
      if (cache.contains(uid) || cache.error(uid) != null) {
        picked.add(i);
      }
    }
    CompactUids clear = picked.build();
    if (!clear.isEmpty()) {
      Log.LOG.log(
          System.Logger.Level.INFO,
          (mode == Mode.FORCE ? "Clearing " : "Retrying ")
              + clear.size()
              + " items for "
              + t.path
              + " (mode="
              + mode.excaName()
              + ")");
      cache.delete(clear);
    }
    for (String uid : pending) {
      life.markRecomputed(folderKey, uid);
    }
  }

  /**
   * Computes the items of {@code selected} (unique uids) and writes each result as soon as it
   * comes (fail fast: earlier results stay cached). A protocol error removes what this call wrote;
   * a failure is recorded for the items in flight.
   *
   * @param progress advanced by one per written item, or null
   * @param flushEachItem publish each entry at once (worker processes: a kill -9 then loses at
   *     most the item in flight); otherwise entries are published in groups and at the end
   */
  static void computeChunk(Target t, Carrier selected, Progress progress, boolean flushEachItem) {
    StepCache cache = t.cache();
    Carrier out =
        t.step instanceof Chain
            ? ((Chain<?, ?>) t.step).walk(selected, t.root)
            : selected.append((GeneratedStep<?, ?>) t.step);
    Type type = t.outputType();
    // positions, not Strings: a cold run writes every item, and this is only for undoing them
    CompactUids.SelectionBuilder written = selected.uids.selectionBuilder();
    // writes check other writers' entries once per StepCache.FROZEN_MILLIS, not with a stat each
    StepCache.Frozen frozen = cache.freeze();
    try {
      Iterator<Carrier.Entry> results = out.entries();
      for (int i = 0; i < selected.uids.size(); i++) {
        Carrier.Entry r = results.next();
        if (cache.write(r.uid(), r.value(), type)) {
          written.add(i);
        }
        if (flushEachItem) {
          cache.flush();
        }
        if (progress != null) {
          progress.advance(1);
        }
      }
      results.hasNext(); // lets the batch check catch extra results
    } catch (BatchProtocolError e) {
      cache.delete(written.build());
      throw new BatchProtocolError(
          e.getMessage() + "\n  -> nothing from this call was kept in " + cache.cacheFolder(),
          e.inflightUids());
    } catch (StepFailedException e) {
      if (e.fromCache() || e.itemUids().isEmpty()) {
        throw e;
      }
      for (String uid : e.itemUids()) {
        cache.recordError(uid, e.getCause() == null ? e : e.getCause());
      }
      throw new StepFailedException(
          e.getMessage()
              + "\n  error recorded at "
              + t.stepFolder().resolve("errors")
              + " for "
              + e.itemUids(),
          e.stepUid(),
          e.itemUids(),
          e.errorType(),
          false,
          e.getCause());
    } finally {
      frozen.close();
      out.onClose.run();
      cache.flush(); // results (and recorded errors) are visible to other processes once we return
    }
  }

  private static StepFailedException fromCache(Target t, StepCache.ErrorRecord error) {
    String message =
        "step "
            + t.last().stepDescriptor().name()
            + " failed on item "
            + error.uid()
            + ": "
            + error.type()
            + ": "
            + error.message()
            + "\n  step: "
            + t.path
            + "\n  reraising from cache "
            + error.path()
            + "; use Mode.RETRY to recompute (Infra.builder().mode(Mode.RETRY)) or clear it with"
            + " lookup(value).clearCache()";
    return new StepFailedException(
        message, t.path, List.of(error.uid()), error.type(), true, new RecordedFailure(error));
  }

  /** The uid (0), full-uid (1) or config (2) dicts of each aligned step. */
  private static List<Map<String, Object>> uidConfigs(Target t, int kind) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (GeneratedStep<?, ?> s : t.aligned) {
      Map<String, Object> m =
          new LinkedHashMap<>(kind == 0 ? s.uidParams() : s.fullParams(kind == 2));
      m.put("type", s.stepDescriptor().name());
      if (kind == 2) {
        m.put("infra", s.infra() == null ? null : s.infra().toMap());
      }
      list.add(m);
    }
    return list;
  }

  static <O> CacheEntry<O> lookup(AbstractStep<?, O> step, String uid) {
    List<Target> cells = new ArrayList<>();
    Target own = null;
    if (step instanceof Chain) {
      Chain<?, O> chain = (Chain<?, O>) step;
      Path folder = chain.infra() == null ? null : chain.infra().folder();
      List<GeneratedStep<?, ?>> upstream = new ArrayList<>();
      for (GeneratedStep<?, ?> leaf : chain.uidSteps()) {
        if (leaf.infra() != null && (leaf.infra().folder() != null || folder != null)) {
          cells.add(target(leaf, upstream, folder));
        }
        upstream.add(leaf);
      }
      if (chain.infra() != null) {
        own = target(chain, List.of(), null);
      } else if (!cells.isEmpty() && cells.get(cells.size() - 1).step == chain.uidSteps().get(chain.uidSteps().size() - 1)) {
        own = cells.get(cells.size() - 1);
      }
    } else if (step.infra() != null) {
      own = target(step, List.of(), null);
    }
    if (own == null) {
      return new MissingEntry<>(step.displayName(), uid);
    }
    return new FileEntry<>(own, cells, uid);
  }

  /** A cache cell (step folder, uid), with the cells of a chain's sub-steps for clearing. */
  private static final class FileEntry<O> implements CacheEntry<O> {
    private final Target target;
    private final List<Target> subCells;
    private final String uid;

    FileEntry(Target target, List<Target> subCells, String uid) {
      this.target = target;
      this.subCells = subCells;
      this.uid = uid;
    }

    private StepCache cache(Target t) {
      return t.infra.lifetime().cache(t.stepFolder(), t.infra.keepInRam());
    }

    @Override
    public Status status() {
      StepCache c = cache(target);
      if (c.contains(uid)) {
        return Status.SUCCESS;
      }
      if (c.error(uid) != null) {
        return Status.ERROR;
      }
      Claims.Owner owner = Claims.owner(target.stepFolder(), uid);
      return owner != null && owner.alive() ? Status.RUNNING : Status.MISSING;
    }

    @Override
    public boolean cached() {
      Status s = status();
      return s == Status.SUCCESS || s == Status.ERROR;
    }

    @Override
    @SuppressWarnings("unchecked")
    public O result() {
      StepCache c = cache(target);
      if (!c.contains(uid)) {
        StepCache.ErrorRecord e = c.error(uid);
        if (e != null) {
          throw fromCache(target, e);
        }
        throw new IllegalStateException("no cached result for " + target.path + "[" + uid + "] in " + target.root);
      }
      return (O) c.read(uid, target.outputType());
    }

    @Override
    public java.util.Optional<String> job() {
      Claims.Owner owner = Claims.owner(target.stepFolder(), uid);
      String label = owner != null && owner.alive() ? owner.job() : null;
      if (label == null) {
        dev.exca.runtime.backend.JobRecords.Job recorded = dev.exca.runtime.backend.JobRecords.read(target.stepFolder(), uid);
        label = recorded == null ? null : recorded.label();
      }
      String slurm = dev.exca.runtime.backend.Slurm.jobOfLabel(label);
      return java.util.Optional.ofNullable(slurm != null ? slurm : label);
    }

    @Override
    public void clearCache() {
      // exca cancels the Slurm job computing a cleared item first (spec 6.4)
      Claims.Owner owner = Claims.owner(target.stepFolder(), uid);
      String slurm = owner == null ? null : dev.exca.runtime.backend.Slurm.jobOfLabel(owner.job());
      if (slurm != null && owner.alive()) {
        dev.exca.runtime.backend.Slurm.cancel(List.of(slurm));
      }
      for (Target sub : subCells) {
        cache(sub).delete(List.of(uid));
      }
      cache(target).delete(List.of(uid));
      target.infra.lifetime().forgetCheck(target.stepFolder());
    }

    @Override
    public String uid() {
      return uid;
    }
  }

  /** The entry of a step without cache: always missing. */
  private static final class MissingEntry<O> implements CacheEntry<O> {
    private final String step;
    private final String uid;

    MissingEntry(String step, String uid) {
      this.step = step;
      this.uid = uid;
    }

    @Override
    public Status status() {
      return Status.MISSING;
    }

    @Override
    public boolean cached() {
      return false;
    }

    @Override
    public O result() {
      throw new IllegalStateException(step + " has no cache (no infra with a folder); nothing is cached for " + uid);
    }

    @Override
    public void clearCache() {}

    @Override
    public String uid() {
      return uid;
    }
  }
}
