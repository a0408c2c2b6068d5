# Portal image. Build from the repository root: docker build -f infra/docker/Web.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/ShelfCloud.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 SHELFCLOUD_DATA=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["dotnet", "ShelfCloud.Web.dll"]
