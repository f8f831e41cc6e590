package dev.exca.runtime;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns steps and chains into JSON and back, so that another JVM can rebuild them. A generated
 * step is rebuilt through its public builder (one setter per parameter), which is the factory the
 * processor already generates for every step class.
 */
final class StepSpecs {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  private StepSpecs() {}

  static ObjectNode encode(AbstractStep<?, ?> step) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (step instanceof Chain) {
      ArrayNode children = node.putArray("chain");
      for (Step<?, ?> s : ((Chain<?, ?>) step).steps()) {
        children.add(encode((AbstractStep<?, ?>) s));
      }
    } else {
      GeneratedStep<?, ?> g = (GeneratedStep<?, ?>) step;
      node.put("class", g.getClass().getName());
      ObjectNode config = node.putObject("config");
      List<StepDescriptor.Param> params = g.stepDescriptor().params();
      for (int i = 0; i < params.size(); i++) {
        Object v = g.configValues().get(i);
        if (v instanceof AbstractStep) {
          throw new IllegalArgumentException(
              g.displayName() + ": parameter " + params.get(i).name()
                  + " holds a step; steps with nested step parameters cannot be sent to another process yet");
        }
        config.set(params.get(i).name(), JSON.valueToTree(v));
      }
    }
    node.set("infra", step.infra() == null ? null : JSON.valueToTree(step.infra().toMap()));
    return node;
  }

  static AbstractStep<?, ?> decode(JsonNode node) {
    Infra infra = node.hasNonNull("infra") ? Infra.fromMap(JSON.convertValue(node.get("infra"), Map.class)) : null;
    if (node.has("chain")) {
      List<AbstractStep<?, ?>> children = new ArrayList<>();
      for (JsonNode child : node.get("chain")) {
        children.add(decode(child));
      }
      @SuppressWarnings({"unchecked", "rawtypes"})
      Chain<?, ?> chain = Chain.of((Step) children.get(0), (Step) children.get(1));
      for (int i = 2; i < children.size(); i++) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Chain<?, ?> longer = chain.then((Step) children.get(i));
        chain = longer;
      }
      return chain.withInfra(infra);
    }
    String className = node.get("class").asText();
    try {
      Class<?> cls = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      Object builder = cls.getMethod("builder").invoke(null);
      Map<String, Method> setters = new LinkedHashMap<>();
      for (Method m : builder.getClass().getMethods()) {
        if (m.getParameterCount() == 1 && m.getDeclaringClass() == builder.getClass()) {
          setters.put(m.getName(), m);
        }
      }
      var fields = node.get("config").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        Method setter = setters.get(e.getKey());
        if (setter == null) {
          throw new IllegalStateException(className + " has no parameter " + e.getKey());
        }
        Type type = setter.getGenericParameterTypes()[0];
        JavaType javaType = JSON.getTypeFactory().constructType(type);
        Object value = e.getValue().isNull() ? null : JSON.convertValue(e.getValue(), javaType);
        if (value == null && setter.getParameterTypes()[0].isPrimitive()) {
          continue;
        }
        setter.invoke(builder, value);
      }
      setters.get("infra").invoke(builder, infra);
      return (AbstractStep<?, ?>) builder.getClass().getMethod("build").invoke(builder);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild step " + className + " in this JVM: " + e, e);
    }
  }

  /** Encodes, decodes and compares, so that a step that cannot travel is refused at submission. */
  static ObjectNode encodeChecked(AbstractStep<?, ?> step) {
    ObjectNode node = encode(step);
    AbstractStep<?, ?> back = decode(node);
    if (!back.uid().equals(step.uid())) {
      throw new IllegalArgumentException(
          step.displayName() + " does not survive serialization to another process: its uid "
              + step.uid() + " became " + back.uid() + "; use backend THREAD_POOL or CACHED");
    }
    return node;
  }
}
