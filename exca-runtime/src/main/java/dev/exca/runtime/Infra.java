package dev.exca.runtime;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how a step runs and caches: the backend, the cache folder, the mode and the job
 * settings. Immutable, made with {@link #builder()} or {@link #fromMap(Map)}.
 *
 * <p>Each instance is one "backend lifetime": {@link Mode#FORCE} and {@link Mode#RETRY} recompute
 * an entry once per instance, so a newly built (even equal) {@code Infra} forces again.
 *
 * <pre>{@code
 * Infra infra = Infra.builder().folder(Path.of("cache")).mode(Mode.FORCE).build();
 * Infra slurm = Infra.fromMap(Map.of("backend", "Slurm", "max_jobs", 16, "folder", "/shared/cache"));
 * }</pre>
 */
public final class Infra {
  private static final Set<String> SLURM_ONLY =
      Set.of("partition", "account", "qos", "constraint", "additionalParameters", "useSrun");
  private static final Set<String> JOB_SETTINGS =
      Set.of("jobName", "timeoutMin", "nodes", "tasksPerNode", "cpusPerTask", "gpusPerNode", "memGb");

  private final Backend backend;
  private final Path folder;
  private final Mode mode;
  private final int maxJobs;
  private final int minItemsPerJob;
  private final boolean keepInRam;
  private final String jobName;
  private final Integer timeoutMin;
  private final Integer nodes;
  private final Integer tasksPerNode;
  private final Integer cpusPerTask;
  private final Integer gpusPerNode;
  private final Double memGb;
  private final String partition;
  private final String account;
  private final String qos;
  private final String constraint;
  private final Map<String, Object> additionalParameters;
  private final Boolean useSrun;
  /** Per-instance state: what FORCE/RETRY already recomputed in this lifetime (internal). */
  private final transient Lifetime lifetime = new Lifetime();

  private Infra(Builder b) {
    this.backend = b.backend;
    this.folder = b.folder;
    this.mode = b.mode;
    this.maxJobs = b.maxJobs;
    this.minItemsPerJob = b.minItemsPerJob;
    this.keepInRam = b.keepInRam;
    this.jobName = b.jobName;
    this.timeoutMin = b.timeoutMin;
    this.nodes = b.nodes;
    this.tasksPerNode = b.tasksPerNode;
    this.cpusPerTask = b.cpusPerTask;
    this.gpusPerNode = b.gpusPerNode;
    this.memGb = b.memGb;
    this.partition = b.partition;
    this.account = b.account;
    this.qos = b.qos;
    this.constraint = b.constraint;
    this.additionalParameters =
        b.additionalParameters == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(b.additionalParameters));
    this.useSrun = b.useSrun;
  }

  /**
   * Inline execution with a filesystem cache in {@code folder}: the common case.
   *
   * @param folder the cache root
   * @return the infra
   * @throws NullPointerException if {@code folder} is null
   */
  public static Infra cached(Path folder) {
    return builder().folder(folder).build();
  }

  /**
   * A builder with the defaults: backend {@code CACHED}, mode {@code CACHED}, {@code maxJobs} 128,
   * {@code minItemsPerJob} 1, no folder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads infra from exca's keys, for configuration files: {@code backend} (exca's names such as
   * {@code "ThreadPool"}; absent means {@code Cached}), {@code folder}, {@code mode}, {@code
   * max_jobs}, {@code min_items_per_job}, {@code keep_in_ram}, {@code job_name}, {@code
   * timeout_min}, {@code nodes}, {@code tasks_per_node}, {@code cpus_per_task}, {@code
   * gpus_per_node}, {@code mem_gb}, {@code partition}, {@code account}, {@code qos}, {@code
   * constraint}, {@code additional_parameters}, {@code use_srun}. camelCase keys are accepted too.
   *
   * @param map the settings
   * @return the infra
   * @throws IllegalArgumentException for an unknown backend, mode or key, or a value of the wrong
   *     type
   */
  public static Infra fromMap(Map<String, ?> map) {
    Builder b = builder();
    Object backendValue = map.get("backend");
    if (backendValue != null) {
      b.backend(backendValue instanceof Backend ? (Backend) backendValue : Backend.parse(backendValue.toString()));
    }
    for (Map.Entry<String, ?> e : map.entrySet()) {
      String key = camel(e.getKey());
      Object v = e.getValue();
      if (key.equals("backend") || v == null) {
        continue;
      }
      try {
        switch (key) {
          case "folder":
            b.folder(v instanceof Path ? (Path) v : Path.of(v.toString()));
            break;
          case "mode":
            b.mode(v instanceof Mode ? (Mode) v : Mode.parse(v.toString()));
            break;
          case "maxJobs":
            b.maxJobs(toInt(v));
            break;
          case "minItemsPerJob":
            b.minItemsPerJob(toInt(v));
            break;
          case "keepInRam":
            b.keepInRam(toBool(v));
            break;
          case "jobName":
            b.jobName(v.toString());
            break;
          case "timeoutMin":
            b.timeoutMin(toInt(v));
            break;
          case "nodes":
            b.nodes(toInt(v));
            break;
          case "tasksPerNode":
            b.tasksPerNode(toInt(v));
            break;
          case "cpusPerTask":
            b.cpusPerTask(toInt(v));
            break;
          case "gpusPerNode":
            b.gpusPerNode(toInt(v));
            break;
          case "memGb":
            b.memGb(((Number) v).doubleValue());
            break;
          case "partition":
            b.partition(v.toString());
            break;
          case "account":
            b.account(v.toString());
            break;
          case "qos":
            b.qos(v.toString());
            break;
          case "constraint":
            b.constraint(v.toString());
            break;
          case "additionalParameters":
            @SuppressWarnings("unchecked")
            Map<String, Object> extra = (Map<String, Object>) v;
            b.additionalParameters(extra);
            break;
          case "useSrun":
            b.useSrun(toBool(v));
            break;
          default:
            throw new IllegalArgumentException(
                "Unknown infra key '"
                    + e.getKey()
                    + "'; known keys: backend, folder, mode, max_jobs, min_items_per_job, keep_in_ram,"
                    + " job_name, timeout_min, nodes, tasks_per_node, cpus_per_task, gpus_per_node,"
                    + " mem_gb, partition, account, qos, constraint, additional_parameters, use_srun");
        }
      } catch (ClassCastException ex) {
        throw new IllegalArgumentException(
            "Infra key '" + e.getKey() + "' has a value of the wrong type: " + v, ex);
      }
    }
    return b.build();
  }

  private static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }

  private static int toInt(Object v) {
    if (v instanceof Number) {
      Number n = (Number) v;
      if (n.doubleValue() != n.intValue()) {
        throw new IllegalArgumentException("expected an integer, got " + v);
      }
      return n.intValue();
    }
    return Integer.parseInt(v.toString());
  }

  private static boolean toBool(Object v) {
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    String s = v.toString().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException("expected true or false, got " + v);
  }

  /**
   * A builder holding this infra's settings, to derive a variant.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return the backend */
  public Backend backend() {
    return backend;
  }

  /** @return the cache root, or {@code null} when unset */
  public Path folder() {
    return folder;
  }

  /** @return the mode */
  public Mode mode() {
    return mode;
  }

  /** @return the maximum number of jobs per dispatch */
  public int maxJobs() {
    return maxJobs;
  }

  /** @return the minimum number of items per job */
  public int minItemsPerJob() {
    return minItemsPerJob;
  }

  /** @return whether loaded results are kept in memory for later calls */
  public boolean keepInRam() {
    return keepInRam;
  }

  /** @return the job name, or {@code null} */
  public String jobName() {
    return jobName;
  }

  /** @return the job time limit in minutes, or {@code null} */
  public Integer timeoutMin() {
    return timeoutMin;
  }

  /** @return the number of nodes per job, or {@code null} */
  public Integer nodes() {
    return nodes;
  }

  /** @return the number of tasks per node, or {@code null} */
  public Integer tasksPerNode() {
    return tasksPerNode;
  }

  /** @return the number of cpus per task, or {@code null} */
  public Integer cpusPerTask() {
    return cpusPerTask;
  }

  /** @return the number of gpus per node, or {@code null} */
  public Integer gpusPerNode() {
    return gpusPerNode;
  }

  /** @return the memory per job in GB, or {@code null} */
  public Double memGb() {
    return memGb;
  }

  /** @return the Slurm partition, or {@code null} */
  public String partition() {
    return partition;
  }

  /** @return the Slurm account, or {@code null} */
  public String account() {
    return account;
  }

  /** @return the Slurm quality of service, or {@code null} */
  public String qos() {
    return qos;
  }

  /** @return the Slurm constraint, or {@code null} */
  public String constraint() {
    return constraint;
  }

  /** @return extra {@code sbatch} parameters (unmodifiable), or {@code null} */
  public Map<String, Object> additionalParameters() {
    return additionalParameters;
  }

  /** @return whether Slurm tasks run through {@code srun}, or {@code null} when unset */
  public Boolean useSrun() {
    return useSrun;
  }

  Lifetime lifetime() {
    return lifetime;
  }

  /**
   * The folder, required to run.
   *
   * @param stepName the step, for the message
   * @return the folder
   * @throws IllegalStateException naming {@code folder} when it is unset
   */
  Path requireFolder(String stepName) {
    if (folder == null) {
      throw new IllegalStateException(
          stepName
              + " has infra with backend "
              + backend.excaName()
              + " but no folder set; set Infra.builder().folder(...) (or run it inside a Chain"
              + " whose infra has a folder)");
    }
    return folder;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Infra)) {
      return false;
    }
    Infra i = (Infra) o;
    return backend == i.backend
        && Objects.equals(folder, i.folder)
        && mode == i.mode
        && maxJobs == i.maxJobs
        && minItemsPerJob == i.minItemsPerJob
        && keepInRam == i.keepInRam
        && Objects.equals(jobName, i.jobName)
        && Objects.equals(timeoutMin, i.timeoutMin)
        && Objects.equals(nodes, i.nodes)
        && Objects.equals(tasksPerNode, i.tasksPerNode)
        && Objects.equals(cpusPerTask, i.cpusPerTask)
        && Objects.equals(gpusPerNode, i.gpusPerNode)
        && Objects.equals(memGb, i.memGb)
        && Objects.equals(partition, i.partition)
        && Objects.equals(account, i.account)
        && Objects.equals(qos, i.qos)
        && Objects.equals(constraint, i.constraint)
        && Objects.equals(additionalParameters, i.additionalParameters)
        && Objects.equals(useSrun, i.useSrun);
  }

  @Override
  public int hashCode() {
    return Objects.hash(backend, folder, mode, maxJobs, minItemsPerJob, keepInRam, jobName, partition);
  }

  /**
   * The settings in exca's spelling, only those set or different from the default.
   *
   * @return for example {@code {backend=Cached, folder=/tmp/c, mode=cached}}
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend.excaName());
    m.put("folder", folder == null ? null : folder.toString());
    m.put("keep_in_ram", keepInRam);
    m.put("mode", mode.excaName());
    if (backend != Backend.CACHED) {
      m.put("max_jobs", maxJobs);
      m.put("min_items_per_job", minItemsPerJob);
    }
    putIfSet(m, "job_name", jobName);
    putIfSet(m, "timeout_min", timeoutMin);
    putIfSet(m, "nodes", nodes);
    putIfSet(m, "tasks_per_node", tasksPerNode);
    putIfSet(m, "cpus_per_task", cpusPerTask);
    putIfSet(m, "gpus_per_node", gpusPerNode);
    putIfSet(m, "mem_gb", memGb);
    putIfSet(m, "partition", partition);
    putIfSet(m, "account", account);
    putIfSet(m, "qos", qos);
    putIfSet(m, "constraint", constraint);
    putIfSet(m, "additional_parameters", additionalParameters);
    putIfSet(m, "use_srun", useSrun);
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  @Override
  public String toString() {
    return "Infra" + toMap();
  }

  /** Builds an {@link Infra}. Each setter may be called once per builder; {@link #build()} checks the rest. */
  public static final class Builder {
    private final Set<String> setHere = new java.util.HashSet<>();
    private Backend backend = Backend.CACHED;
    private Path folder;
    private Mode mode = Mode.CACHED;
    private int maxJobs = 128;
    private int minItemsPerJob = 1;
    private boolean keepInRam;
    private String jobName;
    private Integer timeoutMin;
    private Integer nodes;
    private Integer tasksPerNode;
    private Integer cpusPerTask;
    private Integer gpusPerNode;
    private Double memGb;
    private String partition;
    private String account;
    private String qos;
    private String constraint;
    private Map<String, Object> additionalParameters;
    private Boolean useSrun;

    private Builder() {}

    private Builder(Infra i) {
      backend = i.backend;
      folder = i.folder;
      mode = i.mode;
      maxJobs = i.maxJobs;
      minItemsPerJob = i.minItemsPerJob;
      keepInRam = i.keepInRam;
      jobName = i.jobName;
      timeoutMin = i.timeoutMin;
      nodes = i.nodes;
      tasksPerNode = i.tasksPerNode;
      cpusPerTask = i.cpusPerTask;
      gpusPerNode = i.gpusPerNode;
      memGb = i.memGb;
      partition = i.partition;
      account = i.account;
      qos = i.qos;
      constraint = i.constraint;
      additionalParameters = i.additionalParameters;
      useSrun = i.useSrun;
    }

    private void once(String name, Object current) {
      if (!setHere.add(name)) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    private static int positive(String name, int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }

    /**
     * @param backend where steps run
     * @return this builder
     * @throws IllegalStateException if already set on this builder
     */
    public Builder backend(Backend backend) {
      once("backend", this.backend);
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * @param folder the cache root
     * @return this builder
     * @throws IllegalStateException if already set on this builder
     */
    public Builder folder(Path folder) {
      once("folder", this.folder);
      this.folder = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * @param mode how existing entries are treated
     * @return this builder
     * @throws IllegalStateException if already set on this builder
     */
    public Builder mode(Mode mode) {
      once("mode", this.mode);
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * @param maxJobs the maximum number of jobs per dispatch, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxJobs(int maxJobs) {
      once("maxJobs", this.maxJobs);
      this.maxJobs = positive("maxJobs", maxJobs);
      return this;
    }

    /**
     * @param minItemsPerJob the minimum number of items per job, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder minItemsPerJob(int minItemsPerJob) {
      once("minItemsPerJob", this.minItemsPerJob);
      this.minItemsPerJob = positive("minItemsPerJob", minItemsPerJob);
      return this;
    }

    /**
     * @param keepInRam keep loaded results in memory for later calls
     * @return this builder
     */
    public Builder keepInRam(boolean keepInRam) {
      once("keepInRam", this.keepInRam);
      this.keepInRam = keepInRam;
      return this;
    }

    /**
     * @param jobName the job name shown by the scheduler
     * @return this builder
     */
    public Builder jobName(String jobName) {
      once("jobName", this.jobName);
      this.jobName = Objects.requireNonNull(jobName, "jobName");
      return this;
    }

    /**
     * @param timeoutMin the job time limit in minutes, positive
     * @return this builder
     */
    public Builder timeoutMin(int timeoutMin) {
      once("timeoutMin", this.timeoutMin);
      this.timeoutMin = positive("timeoutMin", timeoutMin);
      return this;
    }

    /**
     * @param nodes the number of nodes per job, positive
     * @return this builder
     */
    public Builder nodes(int nodes) {
      once("nodes", this.nodes);
      this.nodes = positive("nodes", nodes);
      return this;
    }

    /**
     * @param tasksPerNode the number of tasks per node, positive
     * @return this builder
     */
    public Builder tasksPerNode(int tasksPerNode) {
      once("tasksPerNode", this.tasksPerNode);
      this.tasksPerNode = positive("tasksPerNode", tasksPerNode);
      return this;
    }

    /**
     * @param cpusPerTask the number of cpus per task, positive
     * @return this builder
     */
    public Builder cpusPerTask(int cpusPerTask) {
      once("cpusPerTask", this.cpusPerTask);
      this.cpusPerTask = positive("cpusPerTask", cpusPerTask);
      return this;
    }

    /**
     * @param gpusPerNode the number of gpus per node, zero or more
     * @return this builder
     */
    public Builder gpusPerNode(int gpusPerNode) {
      once("gpusPerNode", this.gpusPerNode);
      if (gpusPerNode < 0) {
        throw new IllegalArgumentException("gpusPerNode must not be negative, got " + gpusPerNode);
      }
      this.gpusPerNode = gpusPerNode;
      return this;
    }

    /**
     * @param memGb the memory per job in GB, positive
     * @return this builder
     */
    public Builder memGb(double memGb) {
      once("memGb", this.memGb);
      if (!(memGb > 0)) {
        throw new IllegalArgumentException("memGb must be positive, got " + memGb);
      }
      this.memGb = memGb;
      return this;
    }

    /**
     * @param partition the Slurm partition
     * @return this builder
     */
    public Builder partition(String partition) {
      once("partition", this.partition);
      this.partition = Objects.requireNonNull(partition, "partition");
      return this;
    }

    /**
     * @param account the Slurm account
     * @return this builder
     */
    public Builder account(String account) {
      once("account", this.account);
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    /**
     * @param qos the Slurm quality of service
     * @return this builder
     */
    public Builder qos(String qos) {
      once("qos", this.qos);
      this.qos = Objects.requireNonNull(qos, "qos");
      return this;
    }

    /**
     * @param constraint the Slurm constraint
     * @return this builder
     */
    public Builder constraint(String constraint) {
      once("constraint", this.constraint);
      this.constraint = Objects.requireNonNull(constraint, "constraint");
      return this;
    }

    /**
     * @param additionalParameters extra {@code sbatch} options, name to value
     * @return this builder
     */
    public Builder additionalParameters(Map<String, ?> additionalParameters) {
      once("additionalParameters", this.additionalParameters);
      this.additionalParameters = new LinkedHashMap<>(additionalParameters);
      return this;
    }

    /**
     * @param useSrun run Slurm tasks through {@code srun}
     * @return this builder
     */
    public Builder useSrun(boolean useSrun) {
      once("useSrun", this.useSrun);
      this.useSrun = useSrun;
      return this;
    }

    /**
     * Builds the infra.
     *
     * @return the infra
     * @throws IllegalStateException if a setting does not apply to the backend (for example a
     *     Slurm partition on a {@code CACHED} backend)
     */
    public Infra build() {
      for (String s : SLURM_ONLY) {
        if (backend != Backend.SLURM && valueOf(s) != null) {
          throw new IllegalStateException(
              s + " is a Slurm setting but the backend is " + backend + "; use Backend.SLURM or drop " + s);
        }
      }
      for (String s : JOB_SETTINGS) {
        if ((backend == Backend.CACHED || backend == Backend.THREAD_POOL) && valueOf(s) != null) {
          throw new IllegalStateException(
              s + " is a job setting but the backend " + backend + " starts no jobs; drop " + s);
        }
      }
      return new Infra(this);
    }

    private Object valueOf(String name) {
      switch (name) {
        case "partition":
          return partition;
        case "account":
          return account;
        case "qos":
          return qos;
        case "constraint":
          return constraint;
        case "additionalParameters":
          return additionalParameters;
        case "useSrun":
          return useSrun;
        case "jobName":
          return jobName;
        case "timeoutMin":
          return timeoutMin;
        case "nodes":
          return nodes;
        case "tasksPerNode":
          return tasksPerNode;
        case "cpusPerTask":
          return cpusPerTask;
        case "gpusPerNode":
          return gpusPerNode;
        case "memGb":
          return memGb;
        default:
          throw new AssertionError(name);
      }
    }
  }

  /**
   * State of one backend lifetime: what FORCE and RETRY already recomputed, which folders had their
   * configs checked, and the open caches (so that keepInRam memory survives across runs).
   */
  static final class Lifetime {
    private final Set<String> recomputed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<Path> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Open caches are shared by the whole JVM, one per step folder: two instances appending to the
     * same per-writer index file would each keep a stale view of it.
     */
    private static final Map<Path, dev.exca.runtime.cache.StepCache> CACHES =
        new java.util.concurrent.ConcurrentHashMap<>();

    dev.exca.runtime.cache.StepCache cache(Path stepFolder, boolean keepInRam) {
      return CACHES.computeIfAbsent(
          stepFolder.toAbsolutePath().normalize(),
          f -> dev.exca.runtime.cache.StepCache.open(f, keepInRam));
    }

    boolean firstCheck(Path stepFolder) {
      return checked.add(stepFolder);
    }

    void forgetCheck(Path stepFolder) {
      checked.remove(stepFolder);
    }

    boolean wasRecomputed(String stepFolder, String uid) {
      return recomputed.contains(stepFolder + "\u0000" + uid);
    }

    void markRecomputed(String stepFolder, String uid) {
      recomputed.add(stepFolder + "\u0000" + uid);
    }
  }
}
