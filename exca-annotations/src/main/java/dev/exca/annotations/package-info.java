/**
 * Annotations that turn plain static methods into cached, batched, distributable exca steps. The
 * exca annotation processor reads them at compile time; they are not retained at run time.
 */
package dev.exca.annotations;
