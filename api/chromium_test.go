package api

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"certidoc/internal/testtool"
)

// chromium is the browser of this package's tests: one Chromium, started by
// the first test that drives the page (a start costs seconds), stopped by
// TestMain. Each test gets a tab in a browser context of its own, with its
// own cookies, storage and downloads, as a fresh profile gave it.
var chromium sharedBrowser

func TestMain(m *testing.M) { os.Exit(testtool.Main(m, &chromium)) }

type sharedBrowser struct {
	mu     sync.Mutex
	dir    string          // the user data directory, named by every process of the browser
	ctx    context.Context // the browser's
	cancel []context.CancelFunc
	err    error // why it did not start, for every later test
}

// tab opens a tab in a new browser context, closed at the end of the test;
// d bounds the test's use of it.
func (b *sharedBrowser) tab(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	bctx := b.browser(t)
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(cancelTimeout)
	return ctx
}

func (b *sharedBrowser) browser(t *testing.T) context.Context {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		t.Fatal(b.err)
	}
	if b.ctx != nil {
		return b.ctx
	}
	exe := testtool.Need(t, "chromium", "chromium")
	tmp := chromiumTempDir(os.TempDir())
	dir, err := os.MkdirTemp(tmp, "certidoc-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.Env("TMPDIR="+tmp), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.UserDataDir(dir),
		chromedp.Flag("disable-features", disabledFeatures),
		chromedp.WindowSize(1280, 1000))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	b.dir, b.cancel = dir, []context.CancelFunc{cancelBrowser, cancelAlloc}
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		b.err = fmt.Errorf("start Chromium: %w", err)
		t.Fatal(b.err)
	}
	b.ctx = bctx
	return bctx
}

// chromiumTempDir is the temporary folder Chromium gets, given the tests':
// Chromium makes its single-instance socket in a folder of its own there,
// and the socket's path must fit a Unix socket address (107 bytes), which
// a deep TMPDIR passes ("Socket path too long", and no browser). Then
// /tmp, where there is one.
func chromiumTempDir(tmp string) string {
	const socket = "/org.chromium.Chromium.XXXXXX/SingletonSocket"
	if len(tmp)+len(socket) <= 107 {
		return tmp
	}
	if fi, err := os.Stat("/tmp"); err == nil && fi.IsDir() {
		return "/tmp"
	}
	return tmp
}

// disabledFeatures are chromedp's (Translate, BlinkGenPropertyTrees) and the
// browser's own pages that a window loads beside the tab, unseen headless:
// the address bar's suggestion popups, two renderers per window that kept
// the browser busy (bench/RESULTS.md).
const disabledFeatures = "Translate,BlinkGenPropertyTrees,PreloadTopChromeWebUI," +
	"WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup"

// capture keeps a screenshot of the whole page, under name, in the folder
// CERTIDOC_CAPTURES names, for a person to look at; without it, nothing
// (a full-page screenshot costs the browser a PNG encoding, for no check).
func capture(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CERTIDOC_CAPTURES")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Close stops the browser and checks that none of its processes survives.
func (b *sharedBrowser) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dir == "" {
		return nil
	}
	for _, c := range b.cancel {
		c()
	}
	err := testtool.NoSurvivor(b.dir, 5*time.Second)
	os.RemoveAll(b.dir)
	b.dir, b.ctx = "", nil
	return err
}

// allowDownloads has the tab's browser context save downloads in dir; call
// it after the tab's first action, which creates the context.
func allowDownloads(ctx context.Context, dir string) error {
	events := true
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &events,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
	return err
}
