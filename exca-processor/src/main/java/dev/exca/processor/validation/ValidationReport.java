package dev.exca.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The findings of a validator about one subject element: what to print and where. Validators return
 * reports and never print or generate; the caller prints the report and generates code only for a
 * {@linkplain #isClean() clean} subject.
 */
public final class ValidationReport {

  /**
   * One diagnostic, positioned as precisely as known: on an annotation value, else on an
   * annotation, else on an element.
   */
  public record Entry(
      Messages message,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {

    /** Prints this entry at its position. */
    void printTo(Messager messager) {
      if (value != null) {
        messager.printMessage(message.kind(), text, element, annotation, value);
      } else if (annotation != null) {
        messager.printMessage(message.kind(), text, element, annotation);
      } else {
        messager.printMessage(message.kind(), text, element);
      }
    }
  }

  private final Element subject;
  private final List<Entry> entries;
  private final boolean blocked;

  private ValidationReport(Element subject, List<Entry> entries, boolean blocked) {
    this.subject = subject;
    this.entries = List.copyOf(entries);
    this.blocked = blocked;
  }

  /** Starts a report about {@code subject}. */
  public static Builder about(Element subject) {
    return new Builder(subject);
  }

  /** The element the report is about. */
  public Element subject() {
    return subject;
  }

  /** The diagnostics, in the order found. */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Whether code may be generated for the subject: no error, and no dependency on an element that
   * has its own errors (such as an invalid {@code @ItemUid} method the step would call).
   */
  public boolean isClean() {
    return !blocked && entries.stream().noneMatch(e -> e.message().kind() == Diagnostic.Kind.ERROR);
  }

  /** Prints every entry at its position. */
  public void printTo(Messager messager) {
    entries.forEach(e -> e.printTo(messager));
  }

  /** Collects the entries of a {@link ValidationReport}. */
  public static final class Builder {
    private final Element subject;
    private final List<Entry> entries = new ArrayList<>();
    private boolean blocked;

    private Builder(Element subject) {
      this.subject = subject;
    }

    /** Adds a message on an element. */
    public Builder add(Messages message, Element element, Object... args) {
      return add(message, element, null, null, args);
    }

    /** Adds a message on an annotation of an element. */
    public Builder add(
        Messages message, Element element, AnnotationMirror annotation, Object... args) {
      return add(message, element, annotation, null, args);
    }

    /** Adds a message on an annotation value; a null annotation or value widens the position. */
    public Builder add(
        Messages message,
        Element element,
        AnnotationMirror annotation,
        AnnotationValue value,
        Object... args) {
      entries.add(
          new Entry(
              message, message.text(args), element, annotation, annotation == null ? null : value));
      return this;
    }

    /**
     * Marks the subject as not generatable without a message of its own, because it depends on an
     * element whose own errors are reported elsewhere.
     */
    public Builder block() {
      blocked = true;
      return this;
    }

    /** Adds every entry of another report, and its blocking. */
    public Builder addAll(ValidationReport other) {
      entries.addAll(other.entries);
      blocked |= other.blocked;
      return this;
    }

    /** The report. */
    public ValidationReport build() {
      return new ValidationReport(subject, entries, blocked);
    }
  }
}
