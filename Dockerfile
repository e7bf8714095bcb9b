# syntax=docker/dockerfile:1
# Arrakis Worker: build with the SDK, run on the slim, non-root, shell-less (chiseled) ASP.NET runtime.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the build files alone, so the layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Domain/Arrakis.Domain.csproj src/Domain/
COPY src/Application/Arrakis.Application.csproj src/Application/
COPY src/Infrastructure/Arrakis.Infrastructure.csproj src/Infrastructure/
COPY src/Worker/Arrakis.Worker.csproj src/Worker/
RUN dotnet restore src/Worker/Arrakis.Worker.csproj
COPY src/ src/
RUN dotnet publish src/Worker/Arrakis.Worker.csproj -c Release --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# The chiseled image runs as its non-root "app" user (UID 1654) already; say so explicitly.
USER app
ENV HEALTH_PORT=8080 \
    DOTNET_gcServer=0 \
    DOTNET_GCHeapHardLimitPercent=75
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "/app/Arrakis.Worker.dll", "--health-check"]
ENTRYPOINT ["dotnet", "/app/Arrakis.Worker.dll"]
