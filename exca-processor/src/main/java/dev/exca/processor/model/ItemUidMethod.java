package dev.exca.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * The {@code @ItemUid} method that gives a step its item uids.
 *
 * @param enclosingClass the class declaring it (the step method's class)
 * @param methodName its name
 */
public record ItemUidMethod(ClassName enclosingClass, String methodName) {}
