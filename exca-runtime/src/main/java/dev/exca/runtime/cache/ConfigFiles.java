package dev.exca.runtime.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code uid.yaml}, {@code full-uid.yaml} and {@code config.yaml} of a step folder: exca's {@code
 * ConfigDump.check_and_write} (spec §4.1). They let a folder describe itself and catch two
 * configurations that would share a folder.
 */
final class ConfigFiles {
  /** Looked up on first use: the first logger of a JVM starts its logging system (~25 ms). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(ConfigFiles.class.getName());
  }

  static final String UID = "uid.yaml";
  static final String FULL_UID = "full-uid.yaml";
  static final String CONFIG = "config.yaml";

  private ConfigFiles() {}

  static void checkAndWrite(
      Path stepFolder,
      List<Map<String, Object>> uid,
      List<Map<String, Object>> fullUid,
      List<Map<String, Object>> config) {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(fullUid, "fullUid");
    Objects.requireNonNull(config, "config");
    String uidText = PyYaml.dump(uid);
    String fullText = PyYaml.dump(fullUid);
    Path uidPath = stepFolder.resolve(UID);
    Path fullPath = stepFolder.resolve(FULL_UID);
    try {
      // The usual case, a folder this configuration wrote: the same text is the same YAML and no
      // default can have changed, so nothing is parsed (loading the YAML parser alone costs a
      // fresh JVM tens of milliseconds).
      String uidOnDisk = readIfPresent(uidPath);
      String fullOnDisk = readIfPresent(fullPath);
      if (uidText.equals(uidOnDisk) && fullText.equals(fullOnDisk)) {
        return;
      }
      Files.createDirectories(stepFolder);
      String oldUid = valid(uidPath, uidOnDisk);
      if (oldUid != null && !oldUid.equals(uidText) && !sameYaml(oldUid, uidText)) {
        throw new IllegalStateException(
            "Inconsistent uid config for " + stepFolder.getFileName() + " in '" + uidPath
                + "':\n--- on disk ---\n" + oldUid + "--- current ---\n" + uidText
                + "Another configuration already uses this folder. Use another cache folder, or "
                + "delete '" + stepFolder + "' if its results are obsolete.");
      }
      String oldFull = valid(fullPath, fullOnDisk);
      if (oldFull != null) {
        checkDefaults(stepFolder, fullPath, PyYaml.load(oldFull), uid, fullUid);
      }
      if (oldUid == null) {
        write(uidPath, uidText);
      }
      if (oldFull == null) {
        write(fullPath, fullText);
        write(stepFolder.resolve(CONFIG), PyYaml.dump(config)); // only dumped when written
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the config files of " + stepFolder, e);
    }
  }

  private static String readIfPresent(Path path) throws IOException {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * {@code text}, read from {@code path}, or null when absent or not a YAML list/dict (then the
   * file is deleted, as exca does).
   */
  private static String valid(Path path, String text) throws IOException {
    if (text == null) {
      return null;
    }
    Object parsed;
    try {
      parsed = PyYaml.load(text);
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (parsed instanceof List<?> || parsed instanceof Map<?, ?>) {
      return text;
    }
    Log.LOG.log(Level.WARNING, "Deleting {0}: it is not a YAML list or mapping; it will be rewritten", path);
    Files.deleteIfExists(path);
    return null;
  }

  /** Same content although spelled differently (e.g. written by another YAML emitter). */
  private static boolean sameYaml(String a, String b) {
    try {
      return Objects.equals(PyYaml.load(a), PyYaml.load(b));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * exca: a key at its default now (in full-uid but not in uid) that the folder recorded with
   * another value means the default changed, so results in the folder may come from another
   * configuration with the same uid.
   */
  private static void checkDefaults(
      Path stepFolder,
      Path fullPath,
      Object old,
      List<Map<String, Object>> uid,
      List<Map<String, Object>> fullUid) {
    if (!(old instanceof List<?> oldList) || oldList.size() != fullUid.size()
        || uid.size() != fullUid.size()) {
      return;
    }
    for (int i = 0; i < fullUid.size(); i++) {
      if (!(oldList.get(i) instanceof Map<?, ?> oldStep)) {
        continue;
      }
      Map<String, Object> now = flatten(fullUid.get(i));
      Map<String, Object> explicit = flatten(uid.get(i));
      Map<String, Object> before = flatten(oldStep);
      for (Map.Entry<String, Object> e : now.entrySet()) {
        String key = e.getKey();
        if (explicit.containsKey(key) || !before.containsKey(key)) {
          continue;
        }
        String value = PyYaml.dump(e.getValue());
        String was = PyYaml.dump(before.get(key));
        if (!value.equals(was)) {
          throw new IllegalStateException(
              "Default " + value.strip() + " for " + key + " seems incompatible (was "
                  + was.strip() + " in '" + fullPath + "'): the default changed since this "
                  + "folder was written, so its results may come from another configuration. "
                  + "Use another cache folder, or delete '" + stepFolder + "'.");
        }
      }
    }
  }

  private static Map<String, Object> flatten(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", map, out);
    return out;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> sub && !sub.isEmpty()) {
        flatten(key + ".", sub, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  private static void write(Path target, String text) throws IOException {
    // exca's temporary name, so that both tools recognise leftovers of an interrupted write
    AtomicFiles.write(
        target,
        AtomicFiles.tempName("save-tmp-", target),
        text.getBytes(StandardCharsets.UTF_8),
        false,
        true);
  }
}
