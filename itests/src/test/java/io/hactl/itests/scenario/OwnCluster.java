package io.hactl.itests.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link ScenarioSupport} class that starts its cluster (and nemesis) in its own
 * {@code @BeforeAll}: the default three-node cluster is then not started. (JUnit runs a
 * superclass's static {@code @BeforeAll} even when the subclass declares one of the same name.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface OwnCluster {}
