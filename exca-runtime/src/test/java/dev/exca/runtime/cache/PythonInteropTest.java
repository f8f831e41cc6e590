package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.cache;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exca.runtime.cache.CacheFixtures.TypeRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both tools read each other's caches. The Python side is exca's loading and dumping code for the
 * Json and MemmapArray handlers (exca itself is not installed here); skipped without python3 and
 * numpy.
 */
class PythonInteropTest {
  @TempDir Path tmp;

  @BeforeAll
  static void needsNumpy() {
    assumeTrue(PyYamlTest.python("import numpy"), "python3 with numpy not available");
  }

  /** exca's CacheDict read path: JsonlReader, Json and MemmapArray __load_from_info__. */
  private static final String READER = String.join("\n",
      "import json, sys, pathlib",
      "import numpy as np",
      "folder = pathlib.Path(sys.argv[1])",
      "out = {}",
      "for fp in sorted(folder.iterdir()):",
      "    if not fp.name.endswith('-info.jsonl'):",
      "        continue",
      "    for line in fp.read_bytes().split(b'\\n'):",
      "        if not line.strip() or line.startswith(b' '):",
      "            continue",
      "        info = json.loads(line)",
      "        key = info.pop('#key')",
      "        kind = info.pop('#type')",
      "        if kind == 'Json':",
      "            if 'content' in info:",
      "                value = info['content']",
      "            else:",
      "                with (folder / info['filename']).open('rb') as f:",
      "                    f.seek(info['offset'])",
      "                    value = json.loads(f.read(info['length']))",
      "        elif kind in ('MemmapArray', 'MemmapArrayFile'):",
      "            shape, dtype, offset = tuple(info['shape']), info['dtype'], info['offset']",
      "            length = int(np.prod(shape)) * np.dtype(dtype).itemsize",
      "            mm = np.memmap(folder / info['filename'], mode='r', order='C')",
      "            data = mm[offset : offset + length].view(dtype=dtype).reshape(shape)",
      "            value = {'dtype': str(data.dtype), 'shape': list(data.shape),",
      "                     'value': data.tolist()}",
      "        else:",
      "            value = {'unsupported': kind}",
      "        out[key] = value",
      "print(json.dumps(out))",
      "");

  /** exca's dump path for the same handlers (orjson replaced by compact json). */
  private static final String WRITER = String.join("\n",
      "import json, sys, pathlib",
      "import numpy as np",
      "folder = pathlib.Path(sys.argv[1])",
      "(folder / 'data').mkdir(parents=True, exist_ok=True)",
      "prefix = 'pyhost-4242'",
      "dumps = lambda x: json.dumps(x, separators=(',', ':')).encode()",
      "lines = [{'content': 3.0, '#type': 'Json', '#key': 'f'},",
      "         {'content': [1, 2.5, 'x', None], '#type': 'Json', '#key': 'l'},",
      "         {'content': None, '#type': 'Json', '#key': 'none'}]",
      "raw = dumps(list(range(300)))",
      "with open(folder / 'data' / f'{prefix}-data.jsonl', 'ab') as f:",
      "    offset = f.tell()",
      "    f.write(raw + b'\\n')",
      "lines.append({'filename': f'data/{prefix}-data.jsonl', 'offset': offset,",
      "              'length': len(raw), '#type': 'Json', '#key': 'big'})",
      "arrays = {'a64': np.arange(6, dtype=np.float64).reshape(2, 3),",
      "          'a32': np.array([1.5, 2.5], dtype=np.float32),",
      "          'i32': np.array([-1, 7], dtype=np.int32),",
      "          'u8': np.array([0, 255], dtype=np.uint8),",
      "          'i64': np.array([2**40], dtype=np.int64)}",
      "with open(folder / 'data' / f'{prefix}.data', 'ab') as f:",
      "    for key, a in arrays.items():",
      "        offset = f.tell()",
      "        f.write(np.ascontiguousarray(a).data)",
      "        lines.append({'filename': f'data/{prefix}.data', 'offset': offset,",
      "                      'shape': list(a.shape), 'dtype': str(a.dtype),",
      "                      '#type': 'MemmapArray', '#key': key})",
      "with open(folder / f'{prefix}-info.jsonl', 'ab') as f:",
      "    for line in lines:",
      "        f.write(dumps(line) + b'\\n')",
      "");

  @Test
  void pythonReadsWhatJavaWrites() throws Exception {
    Path folder = tmp.resolve("step");
    List<Integer> big = IntStream.range(0, 300).boxed().toList();
    try (FileStepCache c = cache(folder, "javahost-1-1")) {
      c.write("f", 3.0, Double.class);
      c.write("s", "text", String.class);
      c.write("none", null, Object.class);
      c.write("big", big, Object.class);
      c.write("d", new double[] {1.5, 2.5}, double[].class);
      c.write("m", new float[][] {{1, 2, 3}, {4, 5, 6}}, float[][].class);
      c.write("i", new int[] {-3, 4}, int[].class);
      c.write("b", new byte[] {0, (byte) 255}, byte[].class);
      c.write("gone", 1.0, Double.class);
      c.write("blob", new TestBlob(new byte[] {1}), TestBlob.class);
      c.delete(List.of("gone"));
    }
    Path script = tmp.resolve("read.py");
    Files.writeString(script, READER);
    Process p = new ProcessBuilder("python3", script.toString(), folder.resolve("cache").toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), output);
    JsonNode read = FileStepCache.MAPPER.readTree(output);
    assertEquals(3.0, read.get("f").asDouble());
    assertEquals("text", read.get("s").asText());
    assertTrue(read.get("none").isNull());
    assertEquals(big, FileStepCache.MAPPER.convertValue(read.get("big"), new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() {}));
    assertEquals("float64", read.get("d").get("dtype").asText());
    assertEquals("[1.5,2.5]", read.get("d").get("value").toString());
    assertEquals("float32", read.get("m").get("dtype").asText());
    assertEquals("[[1.0,2.0,3.0],[4.0,5.0,6.0]]", read.get("m").get("value").toString());
    assertEquals("[-3,4]", read.get("i").get("value").toString());
    assertEquals("[0,255]", read.get("b").get("value").toString());
    assertTrue(read.get("gone") == null, "deleted lines are blank to exca too");
    assertEquals("TestBlob", read.get("blob").get("unsupported").asText());
  }

  @Test
  void javaReadsWhatPythonWrites() throws Exception {
    Path folder = tmp.resolve("step");
    Files.createDirectories(folder.resolve("cache"));
    Path script = tmp.resolve("write.py");
    Files.writeString(script, WRITER);
    Process p = new ProcessBuilder("python3", script.toString(), folder.resolve("cache").toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), output);
    try (FileStepCache c = cache(folder, "javahost-1-1")) {
      assertEquals(3.0, c.read("f", Double.class));
      assertEquals(java.util.Arrays.asList(1, 2.5, "x", null), c.read("l", Object.class));
      assertEquals(null, c.read("none", Double.class));
      assertEquals(IntStream.range(0, 300).boxed().toList(),
          c.read("big", new TypeRef<List<Integer>>() {}.type()));
      double[][] a64 = (double[][]) c.read("a64", double[][].class);
      assertArrayEquals(new double[] {3, 4, 5}, a64[1]);
      assertEquals(List.of(List.of(0.0, 1.0, 2.0), List.of(3.0, 4.0, 5.0)),
          c.read("a64", new TypeRef<List<List<Double>>>() {}.type()));
      assertArrayEquals(new float[] {1.5f, 2.5f}, (float[]) c.read("a32", float[].class));
      assertArrayEquals(new int[] {-1, 7}, (int[]) c.read("i32", Object.class));
      assertArrayEquals(new byte[] {0, (byte) 255}, (byte[]) c.read("u8", byte[].class));
      assertArrayEquals(new long[] {1L << 40}, (long[]) c.read("i64", long[].class));
      // Java appends to the same folder; Python's entries keep working
      assertTrue(c.write("java", 1.0, Double.class));
      assertTrue(!c.write("f", 9.0, Double.class), "Python's entry came first");
    }
  }
}
