package io.cryptopipe.store.rest;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The HTTP methods each resource path of this service answers, read from its JAX-RS resources, for the {@code Allow}
 * header RFC 9110 requires on a 405 answer (Quarkus REST sends that answer without one). As Quarkus REST itself
 * answers OPTIONS: the resource methods, HEAD wherever GET is, and OPTIONS.
 */
@Singleton
public class AllowedMethods {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*([^{}]*(?:\\{[^{}]*}[^{}]*)*))?}");

    private final Map<Pattern, Set<String>> byPath;

    AllowedMethods(BeanManager beans) {
        byPath = beans.getBeans(Object.class, Any.Literal.INSTANCE).stream().map(Bean::getBeanClass)
                .filter(type -> type.isAnnotationPresent(Path.class)).distinct()
                .flatMap(AllowedMethods::resourceMethods)
                .collect(Collectors.groupingBy(ResourceMethod::path,
                        Collectors.mapping(ResourceMethod::httpMethod, Collectors.toCollection(TreeSet::new))))
                .entrySet().stream().collect(Collectors.toMap(e -> template(e.getKey()), e -> allowed(e.getValue())));
    }

    /** What the path answers, or empty when no resource has it. */
    public Set<String> forPath(String path) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return byPath.entrySet().stream().filter(e -> e.getKey().matcher(normalized).matches())
                .flatMap(e -> e.getValue().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Stream<ResourceMethod> resourceMethods(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        return Arrays.stream(resource.getMethods()).flatMap(method -> httpMethod(method).stream()
                .map(http -> new ResourceMethod(join(base, method), http)));
    }

    private static List<String> httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations()).map(Annotation::annotationType)
                .map(type -> type.getAnnotation(HttpMethod.class)).filter(h -> h != null).map(HttpMethod::value)
                .toList();
    }

    private static String join(String base, Method method) {
        Path sub = method.getAnnotation(Path.class);
        String path = "/" + base + (sub == null ? "" : "/" + sub.value());
        path = path.replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A path template as JAX-RS matches it: {@code {name}} one segment, {@code {name: regex}} the regex. */
    private static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        Matcher variable = VARIABLE.matcher(path);
        int last = 0;
        while (variable.find()) {
            regex.append(Pattern.quote(path.substring(last, variable.start())))
                    .append('(').append(variable.group(1) == null ? "[^/]+" : variable.group(1).strip()).append(')');
            last = variable.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(path.substring(last))).toString());
    }

    private static Set<String> allowed(Set<String> methods) {
        Set<String> allowed = new TreeSet<>(methods);
        if (allowed.contains(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD);
        }
        allowed.add(HttpMethod.OPTIONS);
        return allowed;
    }

    private record ResourceMethod(String path, String httpMethod) {
    }
}
