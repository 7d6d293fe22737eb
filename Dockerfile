# Build: the Maven wrapper fetches Maven; dependencies are cached in a layer of their own.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY domain/pom.xml domain/
COPY api/pom.xml api/
COPY command-side/pom.xml command-side/
COPY query-side/pom.xml query-side/
COPY app/pom.xml app/
COPY bench/pom.xml bench/
RUN ./mvnw -q -ntp -B dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN ./mvnw -q -ntp -B -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app bankcore
WORKDIR /app
COPY --from=build /src/app/target/bankcore.jar /app/bankcore.jar
USER bankcore
EXPOSE 8000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/bankcore.jar"]
