package dev.exca.processor.validation;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The types that user codecs ({@code dev.exca.runtime.cache.Codec<X>}) store: a result whose type
 * is one of them, or a subtype of one, is storable. They come from the classes of the compilation
 * that implement {@code Codec<X>}, directly or through supertypes ({@link #scan}), and from the
 * {@code -Aexca.codecTypes} option ({@link #declare}).
 *
 * <p>Known types are kept by qualified name, so that they span rounds (elements must not outlive
 * their round), and are looked up again in the round that asks. A codec only stores a result as a
 * whole (the runtime picks it by the class of the result), so {@link TypeRules} asks about the
 * result type only, never about the parts of a record or collection.
 */
public final class CodecTypes {
  /** The codec SPI of the runtime; when it is not on the class path, scans find nothing. */
  public static final String CODEC = "dev.exca.runtime.cache.Codec";

  private final Types types;
  private final Elements elements;

  /** Qualified names of the types codecs store. */
  private final Set<String> names = new LinkedHashSet<>();

  /**
   * Codec classes whose stored type was undefined when scanned (a type another processor has not
   * generated yet): scanned again in the next rounds.
   */
  private final Set<String> pendingCodecs = new LinkedHashSet<>();

  public CodecTypes(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  /** Adds a type a codec stores, by fully qualified name (as given by a processor option). */
  public void declare(String qualifiedName) {
    names.add(qualifiedName);
  }

  /**
   * Adds the types stored by the concrete codec classes among {@code roots} (the root elements of a
   * round) and their nested classes, and by the codec classes of earlier rounds whose type was not
   * defined yet.
   */
  public void scan(Collection<? extends Element> roots) {
    TypeElement codec = elements.getTypeElement(CODEC);
    if (codec == null) {
      return;
    }
    TypeMirror codecErasure = types.erasure(codec.asType());
    for (String name : List.copyOf(pendingCodecs)) {
      pendingCodecs.remove(name);
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        scanType(type, codecErasure);
      }
    }
    Deque<TypeElement> todo = new ArrayDeque<>(ElementFilter.typesIn(roots));
    while (!todo.isEmpty()) {
      TypeElement type = todo.pop();
      scanType(type, codecErasure);
      todo.addAll(ElementFilter.typesIn(type.getEnclosedElements()));
    }
  }

  private void scanType(TypeElement type, TypeMirror codecErasure) {
    boolean concrete =
        (type.getKind() == ElementKind.CLASS || type.getKind() == ElementKind.RECORD)
            && !type.getModifiers().contains(Modifier.ABSTRACT);
    if (!concrete || !types.isSubtype(types.erasure(type.asType()), codecErasure)) {
      return;
    }
    TypeMirror stored = storedType(type.asType(), codecErasure);
    if (stored == null) {
      return; // raw Codec, or Codec<T> of a type variable: stores no type known here
    }
    if (stored.getKind() == TypeKind.ERROR) {
      pendingCodecs.add(type.getQualifiedName().toString());
    } else if (stored.getKind() == TypeKind.DECLARED) {
      names.add(
          ((TypeElement) ((DeclaredType) stored).asElement()).getQualifiedName().toString());
    }
  }

  /**
   * The {@code X} of the {@code Codec<X>} that {@code type} implements, with the type arguments of
   * its supertypes substituted ({@code ImageCodec extends BaseCodec<Image>}, {@code BaseCodec<T>
   * implements Codec<T>}: {@code Image}); null for a raw {@code Codec}.
   */
  private TypeMirror storedType(TypeMirror type, TypeMirror codecErasure) {
    Deque<TypeMirror> todo = new ArrayDeque<>(List.of(type));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      for (TypeMirror supertype : types.directSupertypes(todo.pop())) {
        if (supertype.getKind() != TypeKind.DECLARED) {
          continue;
        }
        if (types.isSameType(types.erasure(supertype), codecErasure)) {
          List<? extends TypeMirror> args = ((DeclaredType) supertype).getTypeArguments();
          return args.size() == 1 ? args.get(0) : null;
        }
        if (seen.add(types.erasure(supertype).toString())) {
          todo.add(supertype);
        }
      }
    }
    return null;
  }

  /** Whether a known codec stores values of {@code type}: it is a known type or a subtype of one. */
  public boolean stores(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    for (String name : names) {
      TypeElement codecType = resolve(name);
      if (codecType != null && types.isAssignable(type, types.erasure(codecType.asType()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The type of a qualified name in this round, or null when it is not defined. Nested types may be
   * written {@code Outer.Inner} or, as in their binary name, {@code Outer$Inner}.
   */
  public TypeElement resolve(String qualifiedName) {
    TypeElement type = elements.getTypeElement(qualifiedName);
    if (type == null && qualifiedName.indexOf('$') >= 0) {
      type = elements.getTypeElement(qualifiedName.replace('$', '.'));
    }
    return type;
  }
}
