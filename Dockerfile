# syntax=docker/dockerfile:1
# SyncStudio: build with the SDK, run on the ASP.NET runtime as a non-root user.
# The data folder (SQLite database, generated keys, the built-in simulator's store) is a volume.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig SyncStudio.sln ./
COPY shopify-schema/ shopify-schema/
COPY SyncStudio.Catalog/SyncStudio.Catalog.csproj SyncStudio.Catalog/
COPY SyncStudio.Data/SyncStudio.Data.csproj SyncStudio.Data/
COPY SyncStudio.Services/SyncStudio.Services.csproj SyncStudio.Services/
COPY SyncStudio.ShopifySimulator/SyncStudio.ShopifySimulator.csproj SyncStudio.ShopifySimulator/
COPY SyncStudio.Web/SyncStudio.Web.csproj SyncStudio.Web/
RUN dotnet restore SyncStudio.Web/SyncStudio.Web.csproj
COPY SyncStudio.Catalog/ SyncStudio.Catalog/
COPY SyncStudio.Data/ SyncStudio.Data/
COPY SyncStudio.Services/ SyncStudio.Services/
COPY SyncStudio.ShopifySimulator/ SyncStudio.ShopifySimulator/
COPY SyncStudio.Web/ SyncStudio.Web/
RUN dotnet publish SyncStudio.Web/SyncStudio.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /data && chown app:app /data
COPY --from=build --chown=app:app /app .
USER app
ENV ASPNETCORE_ENVIRONMENT=Production \
    App__DataFolder=/data \
    Urls=http://+:5001
VOLUME ["/data"]
EXPOSE 5001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://localhost:5001/healthz || exit 1
ENTRYPOINT ["dotnet", "SyncStudio.Web.dll"]
