package dev.exca.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.Optional;

/**
 * A configuration parameter: a field, an accessor and a builder setter of the generated class.
 *
 * @param name the parameter name, also the uid key
 * @param type the declared type
 * @param defaultValue the {@code @Default}, if any; without one the parameter is required
 * @param excluded whether {@code @ExcludeFromUid} keeps it out of the uid
 */
public record ConfigParam(
    String name, TypeName type, Optional<DefaultValue> defaultValue, boolean excluded)
    implements Parameter {}
