# Worker image (GPU nodes build with -p:UseGpuRuntime=true once the GPU runtime package is available).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/ShelfCloud.Worker -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY --from=build /app .
ENV SHELFCLOUD_DATA=/data
VOLUME /data
ENTRYPOINT ["dotnet", "ShelfCloud.Worker.dll"]
