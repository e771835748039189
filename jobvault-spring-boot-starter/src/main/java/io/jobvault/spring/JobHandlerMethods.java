package io.jobvault.spring;

import io.jobvault.JobContext;
import io.jobvault.JobDefinition;
import io.jobvault.JobOutcome;
import io.jobvault.TypedJobHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link JobHandler} methods of the context's beans and turns each into a job type. Bean types are read
 * from their definitions; only beans that have such a method are created here.
 */
final class JobHandlerMethods {
    private JobHandlerMethods() {}

    /** Registers each handler method found among {@code beans} with {@code register}. */
    static void registerAll(ListableBeanFactory beans, Registrar register) {
        for (String name : beans.getBeanDefinitionNames()) {
            Class<?> type = beans.getType(name, false);
            if (type == null) continue;
            Class<?> userClass = ClassUtils.getUserClass(type);
            Map<Method, JobHandler> methods = MethodIntrospector.selectMethods(userClass,
                    (MethodIntrospector.MetadataLookup<JobHandler>) m -> AnnotatedElementUtils.findMergedAnnotation(m, JobHandler.class));
            if (methods.isEmpty()) continue;
            Object bean = beans.getBean(name);
            methods.forEach((method, annotation) -> {
                Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
                ReflectiveHandler<?> handler = ReflectiveHandler.of(bean, invocable, annotation.value());
                handler.registerWith(register);
            });
        }
    }

    /** Where found handlers go: the builder, or a test's list. */
    interface Registrar {
        void handler(String type, io.jobvault.JobHandler handler);

        <P> void typed(JobDefinition<P, Object> definition, TypedJobHandler<P, Object> handler);
    }

    /** One handler method; {@code payloadClass} null when it takes no payload. */
    private record ReflectiveHandler<P>(Object bean, Method method, String type, Class<P> payloadClass,
                                        int payloadIndex) implements TypedJobHandler<P, Object> {
        static ReflectiveHandler<?> of(Object bean, Method method, String type) {
            Class<?>[] parameters = method.getParameterTypes();
            int payloadIndex = -1;
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == JobContext.class) continue;
                if (payloadIndex >= 0) {
                    throw new IllegalStateException("@JobHandler(\"" + type + "\") " + method
                            + ": takes a JobContext and at most one payload, not two payloads");
                }
                payloadIndex = i;
            }
            method.setAccessible(true);
            return new ReflectiveHandler<>(bean, method, type, payloadIndex < 0 ? null : parameters[payloadIndex], payloadIndex);
        }

        void registerWith(Registrar register) {
            if (payloadClass == null) {
                register.handler(type, context -> handle(null, context));
            } else {
                register.typed(JobDefinition.of(type, payloadClass, Object.class), this);
            }
        }

        @Override
        public JobOutcome handle(P payload, JobContext context) throws Exception {
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) args[i] = i == payloadIndex ? payload : context;
            Object returned;
            try {
                returned = method.invoke(bean, args);
            } catch (InvocationTargetException e) {
                // the handler's own exception, as if it had been called directly
                if (e.getCause() instanceof Exception cause) throw cause;
                throw e;
            }
            if (returned instanceof JobOutcome outcome) return outcome;
            return returned == null ? JobOutcome.success() : JobOutcome.success(returned);
        }
    }
}
