package dev.kiln.spark;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Where Spark's own log goes when Kiln starts the application: all of it (INFO and up, with stack
 * traces) to a file, and its warnings and errors to the console, one line each without stack traces
 * (they are in the file). Spark logs through SLF4J to Log4j 2, which this configures.
 */
final class SparkLogging {
    private SparkLogging() {
    }

    /**
     * Configures Log4j 2 as above, writing the file {@code logFile} (appended to). {@code onThisMachine}: the master
     * is local or on a loopback address, where Spark's warning that the host name resolves to a loopback address
     * says nothing wrong.
     */
    static void toFileAndConsole(Path logFile, boolean onThisMachine) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.ERROR);
        b.setConfigurationName("kiln-spark");
        AppenderComponentBuilder console = b.newAppender("console", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %p %c{1}: %m%n")
                        .addAttribute("alwaysWriteExceptions", false));
        AppenderComponentBuilder file = b.newAppender("file", "File")
                .addAttribute("fileName", logFile.toAbsolutePath().toString())
                .addAttribute("append", true)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{yyyy-MM-dd HH:mm:ss.SSS} %p [%t] %c: %m%n"));
        b.add(console);
        b.add(file);
        b.add(b.newRootLogger(Level.INFO)
                .add(b.newAppenderRef("console").addAttribute("level", Level.WARN))
                .add(b.newAppenderRef("file")));
        // noise on one machine: a loopback host name, no native Hadoop, Jetty's chatter
        b.add(b.newLogger("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR));
        b.add(b.newLogger("org.sparkproject.jetty", Level.WARN));
        if (onThisMachine) {
            b.add(b.newLogger("org.apache.spark.util.Utils", Level.ERROR));
        }
        Configurator.reconfigure(b.build());
    }
}
