package io.streamcluster.operator.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Whether a parsed object is fully typed. Fabric8's models keep a field they do not know in {@code
 * additionalProperties} instead of failing, so a misspelt field in a template ({@code
 * readOnlyRootFileSystem}) would parse quietly; this walks the model and names every such field.
 */
final class StrictModel {

  private StrictModel() {}

  /** {@code kind/name: path.field} of every field the models did not recognise; empty if none. */
  static List<String> unknownFields(HasMetadata object) {
    List<String> unknown = new ArrayList<>();
    String where = object.getKind() + "/" + object.getMetadata().getName();
    if (object instanceof GenericKubernetesResource) {
      unknown.add(where + ": no Fabric8 model for " + object.getApiVersion());
      return unknown;
    }
    walk(object, where + ":", unknown);
    return unknown;
  }

  private static void walk(Object value, String path, List<String> unknown) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, unknown));
      return;
    }
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        walk(item, path + "[" + index++ + "]", unknown);
      }
      return;
    }
    if (!(value instanceof KubernetesResource)) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (!isModelGetter(getter)) {
        continue;
      }
      Object property = invoke(getter, value);
      String name = propertyName(getter);
      if (name.equals("additionalProperties") && property instanceof Map<?, ?> extra) {
        extra.keySet().forEach(key -> unknown.add(path + "." + key));
      } else {
        walk(property, path + "." + name, unknown);
      }
    }
  }

  private static boolean isModelGetter(Method method) {
    String name = method.getName();
    return method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers())
        && !method.isDefault()
        && (name.startsWith("get") || name.startsWith("is"))
        && !name.equals("getClass")
        && method.getDeclaringClass().getPackageName().startsWith("io.fabric8.");
  }

  private static String propertyName(Method getter) {
    String name = getter.getName().substring(getter.getName().startsWith("is") ? 2 : 3);
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter + " of " + target, e);
    }
  }
}
