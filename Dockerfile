# certidoc: one static binary, run as a non-root user; it writes nothing to
# disk, so the container works with a read-only root filesystem:
#   docker build -t certidoc .
#   docker run --read-only -p 8080:8080 certidoc
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/certidoc ./cmd/certidoc

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/certidoc /usr/local/bin/certidoc
USER nonroot:nonroot
ENV CERTIDOC_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/certidoc"]
CMD ["serve"]
