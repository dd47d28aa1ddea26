# certidoc: one static binary, run as a non-root user; it writes only its
# registre, in the volume /donnees, so the container works with a read-only
# root filesystem (a non-loopback address needs a token while the registre is on):
#   docker build -t certidoc .
#   docker run --read-only -v certidoc-donnees:/donnees -e CERTIDOC_TOKEN=… -p 8080:8080 certidoc
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
# the patched fpdf (go.mod replaces the module with it)
COPY third_party ./third_party
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/certidoc ./cmd/certidoc && mkdir -p /out/donnees

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/certidoc /usr/local/bin/certidoc
COPY --from=build --chown=nonroot:nonroot /out/donnees /donnees
USER nonroot:nonroot
ENV CERTIDOC_ADDR=0.0.0.0:8080 CERTIDOC_DONNEES=/donnees
VOLUME /donnees
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/certidoc"]
CMD ["serve"]
