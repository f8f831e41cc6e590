package dev.exca.processor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processor options ({@code -A<name>=<value>}), parsed once when the processor starts.
 *
 * @param codecTypes the fully qualified names given by {@code -Aexca.codecTypes}: types that codecs
 *     from libraries store, in order and without duplicates or blanks
 */
record ProcessorOptions(List<String> codecTypes) {
  /** {@code -Aexca.codecTypes=com.acme.Image,com.acme.Audio}. */
  static final String CODEC_TYPES = "exca.codecTypes";

  /** Every option the processor reads, for {@code getSupportedOptions}. */
  static final Set<String> SUPPORTED = Set.of(CODEC_TYPES);

  ProcessorOptions {
    codecTypes = List.copyOf(codecTypes);
  }

  /** Parses the options javac passes to processors; ignores options that are not exca's. */
  static ProcessorOptions parse(Map<String, String> options) {
    String codecTypes = options.get(CODEC_TYPES);
    return new ProcessorOptions(
        codecTypes == null
            ? List.of()
            : Arrays.stream(codecTypes.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .distinct()
                .toList());
  }
}
