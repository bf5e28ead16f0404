#!/usr/bin/env bash
# Builds, on a machine with JDK 25 and Maven access, what the GPU machine needs to run the CUDA
# backend's GPU tests and benchmarks (it has CUDA but no JDK, Maven or network): the jars, the test
# classes (without the fixture copies: the checkpoints travel in the working tree), and a jlinked
# Java runtime packed with xz to fit the transfer limit. Everything goes to .gpu/ (git-excluded),
# then run cuda/scripts/gpu-checks.sh there with carry [".gpu"]. See docs/cuda.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
JDK="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
exclude="$(git rev-parse --git-path info/exclude)"
mkdir -p "$(dirname "$exclude")"
grep -qx '/.gpu/' "$exclude" 2>/dev/null || echo '/.gpu/' >> "$exclude"

./mvnw -B -q -pl examples -am install -DskipTests
./mvnw -B -q -pl cuda test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/gpu-classpath.txt
./mvnw -B -q -pl examples dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/gpu-classpath.txt

rm -rf .gpu/lib .gpu/cuda-test-classes .gpu/core-test-classes
mkdir -p .gpu/lib
# the CLI's runtime without the Kotlin/Scala libraries its embedding examples need, and without
# Byte Buddy (AssertJ needs it only for soft assertions): the transfer is limited to 64 MB
{ cat cuda/target/gpu-classpath.txt; echo; cat examples/target/gpu-classpath.txt; echo; } | tr ':' '\n' \
    | grep -v -E -- '-tests\.jar$|kotlin|scala|annotations-|byte-buddy' | grep . | sort -u | xargs -I{} cp {} .gpu/lib/
cp cuda/target/latte-cuda-*[0-9T].jar examples/target/latte-examples-*[0-9T].jar .gpu/lib/
cp -r cuda/target/test-classes .gpu/cuda-test-classes
mkdir -p .gpu/core-test-classes
(cd core/target/test-classes && find . -name '*.class' -exec cp --parents {} ../../../.gpu/core-test-classes/ \;)

if [ ! -f .gpu/jre.tar.xz ]; then
    rm -rf .gpu/jre
    "$JDK/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.unsupported,jdk.incubator.vector \
        --compress zip-9 --strip-debug --no-man-pages --no-header-files --output .gpu/jre
    tar cJf .gpu/jre.tar.xz -C .gpu jre
    rm -rf .gpu/jre
fi
du -sh .gpu
echo "carry: [\".gpu\"]; command: bash cuda/scripts/gpu-checks.sh"
