package dev.defuse.deploy;

import io.smallrye.config.ConfigMapping.NamingStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

/**
 * The keys of the {@code @ConfigMapping} interfaces in compiled classes, read from the bytecode (Jandex) so that no
 * service class is loaded: prefix, naming strategy, {@code @WithName}, {@code @WithParentName}, nested groups, maps,
 * lists, {@code Optional} and {@code @WithDefault} as SmallRye Config interprets them.
 */
final class ConfigMappings {

    private static final DotName CONFIG_MAPPING = DotName.createSimple("io.smallrye.config.ConfigMapping");
    private static final DotName WITH_DEFAULT = DotName.createSimple("io.smallrye.config.WithDefault");
    private static final DotName WITH_NAME = DotName.createSimple("io.smallrye.config.WithName");
    private static final DotName WITH_PARENT_NAME = DotName.createSimple("io.smallrye.config.WithParentName");
    private static final DotName OPTIONAL = DotName.createSimple("java.util.Optional");
    private static final Set<DotName> OPTIONAL_PRIMITIVES = Set.of(DotName.createSimple("java.util.OptionalInt"),
            DotName.createSimple("java.util.OptionalLong"), DotName.createSimple("java.util.OptionalDouble"));
    private static final DotName MAP = DotName.createSimple("java.util.Map");
    private static final Set<DotName> COLLECTIONS = Set.of(DotName.createSimple("java.util.List"),
            DotName.createSimple("java.util.Set"), DotName.createSimple("java.util.Collection"));

    private ConfigMappings() {
    }

    /** An index of every class file under the given directories (missing directories are skipped). */
    static Index index(List<Path> classDirectories) {
        Indexer indexer = new Indexer();
        for (Path dir : classDirectories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        indexer.index(in);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot index " + dir, e);
            }
        }
        return indexer.complete();
    }

    /** The keys of every {@code @ConfigMapping} interface declared in {@code declaring}, resolving groups in {@code all}. */
    static List<ConfigProperty> read(IndexView declaring, IndexView all) {
        List<ConfigProperty> out = new ArrayList<>();
        for (AnnotationInstance mapping : declaring.getAnnotations(CONFIG_MAPPING)) {
            if (mapping.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                continue;
            }
            AnnotationValue prefix = mapping.value("prefix");
            AnnotationValue strategy = mapping.value("namingStrategy");
            NamingStrategy naming = strategy == null ? NamingStrategy.KEBAB_CASE
                    : NamingStrategy.valueOf(strategy.asEnum());
            new Reader(all, naming, out).group(mapping.target().asClass(), prefix == null ? "" : prefix.asString(),
                    true, new HashSet<>());
        }
        return out;
    }

    private record Reader(IndexView index, NamingStrategy naming, List<ConfigProperty> out) {

        void group(ClassInfo type, String prefix, boolean required, Set<DotName> path) {
            if (!path.add(type.name())) {
                throw new IllegalStateException("recursive config group " + type.name());
            }
            for (DotName parent : type.interfaceNames()) {
                ClassInfo parentInfo = index.getClassByName(parent);
                if (parentInfo != null) {
                    group(parentInfo, prefix, required, path);
                }
            }
            for (MethodInfo method : type.methods()) {
                short flags = method.flags();
                if (Modifier.isStatic(flags) || !Modifier.isAbstract(flags) || method.parametersCount() > 0
                        || method.isSynthetic()) {
                    continue;
                }
                AnnotationInstance withName = method.annotation(WITH_NAME);
                String segment = withName != null ? withName.value().asString() : naming.apply(method.name());
                String key = method.hasAnnotation(WITH_PARENT_NAME) ? prefix : join(prefix, segment);
                String origin = type.simpleName() + "#" + method.name() + "()";
                member(method.returnType(), key, required && !method.hasAnnotation(WITH_DEFAULT), origin, path);
            }
            path.remove(type.name());
        }

        private void member(Type type, String key, boolean required, String origin, Set<DotName> path) {
            DotName name = type.name();
            if (type.kind() == Type.Kind.PARAMETERIZED_TYPE) {
                List<Type> args = type.asParameterizedType().arguments();
                if (name.equals(OPTIONAL)) {
                    member(args.get(0), key, false, origin, path);
                    return;
                }
                if (name.equals(MAP)) {
                    member(args.get(1), join(key, "*"), false, origin, path);
                    return;
                }
                if (COLLECTIONS.contains(name)) {
                    ClassInfo element = groupType(args.get(0));
                    if (element != null) {
                        group(element, key + "[*]", false, path);
                    } else {
                        out.add(new ConfigProperty(key, required, origin));
                    }
                    return;
                }
            }
            if (OPTIONAL_PRIMITIVES.contains(name)) {
                out.add(new ConfigProperty(key, false, origin));
                return;
            }
            ClassInfo group = groupType(type);
            if (group != null) {
                group(group, key, required, path);
            } else {
                out.add(new ConfigProperty(key, required, origin));
            }
        }

        /** The config group a type stands for: an interface of the application; anything else is a leaf value. */
        private ClassInfo groupType(Type type) {
            if (type.kind() != Type.Kind.CLASS && type.kind() != Type.Kind.PARAMETERIZED_TYPE) {
                return null;
            }
            ClassInfo info = index.getClassByName(type.name());
            return info != null && Modifier.isInterface(info.flags()) && !info.isAnnotation() ? info : null;
        }

        private static String join(String prefix, String segment) {
            return prefix.isEmpty() ? segment : segment.isEmpty() ? prefix : prefix + "." + segment;
        }
    }
}
