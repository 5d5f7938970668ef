# Sourced by ./kiln (the spark-* verbs) and scripts/spark-local: builds the spark module when its sources
# changed, and sets what a JVM running Spark in local mode needs, as spark-submit would:
#   spark_cp     the tool (with the samples and the runtime), the spark module, and Spark's jars (provided in its pom,
#                used from the local Maven repository)
#   spark_opts   the JDK 17 --add-opens Spark's own launcher adds, and quiet logging
# Expects $root, the repository root.
spark_classes="$root/spark/target/classes"
spark_jars="$root/spark/target/spark.classpath"
if [ ! -f "$spark_jars" ] || [ ! -d "$root/tool/target/lib" ] \
    || [ -n "$(find "$root/pom.xml" "$root"/{dsl,processor,runtime,interop,samples,tool,spark}/pom.xml "$root"/{dsl,processor,runtime,interop,samples,tool,spark}/src/main \
        -newer "$spark_jars" -type f -print -quit 2>/dev/null)" ]; then
  echo "kiln: building the spark module (mvn package)..." >&2
  # Spark's jars stay in the local Maven repository; only their paths are written down (every module
  # of the reactor writes the file in turn, the spark module last)
  rm -rf "$root/tool/target/lib"
  (cd "$root" && mvn -B -q -DskipTests package dependency:build-classpath -pl spark,tool -am \
      -Dmdep.includeScope=provided -Dmdep.outputFile="$spark_jars") >&2
  touch "$root/tool/target/lib/.built"
fi
# The tool's jars without slf4j-nop and its SLF4J 1.7 API: Spark logs through SLF4J 2 to Log4j 2, which the spark
# module points at a file and the console (dev.kiln.spark.SparkLogging).
tool_jars=""
for jar in "$root"/tool/target/lib/*.jar; do
  case "$(basename "$jar")" in
    slf4j-nop-*|slf4j-api-1.*) ;;
    *) tool_jars="$tool_jars:$jar" ;;
  esac
done
# Spark's own jars: the spark module's provided class path less Kiln's modules (already above) and SLF4J 1.7
spark_only=""
IFS=":" read -r -a provided < "$spark_jars" || true  # the file ends without a newline
for jar in "${provided[@]}"; do
  case "$jar" in
    "$root"/*|*/slf4j-nop-*|*/slf4j-api-1.*) ;;
    *) spark_only="$spark_only:$jar" ;;
  esac
done
spark_cp="$root/tool/target/classes$tool_jars:$spark_classes$spark_only"
spark_opts=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  spark_opts+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
spark_opts+=(-Djdk.reflect.useDirectMethodHandle=false "-Dlog4j2.configurationFile=$root/scripts/spark-log4j2.properties")
