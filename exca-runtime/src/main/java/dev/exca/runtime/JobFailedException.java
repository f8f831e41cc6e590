package dev.exca.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * A job of a process or cluster backend ended without finishing its items: the worker died, was
 * killed, timed out or was cancelled. Items it completed stay cached; running again computes the
 * rest. {@link #errorType()} is this class's name, or the original exception's when the worker
 * reported one.
 */
public class JobFailedException extends StepFailedException {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final transient Path logFolder;

  /**
   * Creates the exception.
   *
   * @param message the full message, naming the job and its logs
   * @param stepUid the step path
   * @param itemUids the items the job did not finish
   * @param errorType the original exception's class name, or this class's
   * @param jobId the job id
   * @param logFolder the job's log folder
   * @param cause the recorded failure, or null
   */
  public JobFailedException(
      String message,
      String stepUid,
      List<String> itemUids,
      String errorType,
      String jobId,
      Path logFolder,
      Throwable cause) {
    super(message, stepUid, itemUids, errorType, false, cause);
    this.jobId = jobId;
    this.logFolder = logFolder;
  }

  /**
   * The id of the failed job.
   *
   * @return for example {@code local-4242-3} or a Slurm {@code 1234_5}
   */
  public String jobId() {
    return jobId;
  }

  /**
   * The job's log folder, with its task, stdout, stderr and status.
   *
   * @return the folder
   */
  public Path logFolder() {
    return logFolder;
  }
}
