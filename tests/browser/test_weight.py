"""Light on an old phone: what the finder's first visit downloads, byte for byte."""

LIMIT = 50 * 1024


def test_finders_first_load_is_under_50_kb_and_all_from_the_server(visit):
    sizes = {}

    def weigh(response):
        if response.request.method == "GET" and response.status == 200:
            sizes[response.url] = len(response.body())

    visit.page.on("response", weigh)
    visit.go("/")
    visit.page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert total < LIMIT, {url: size for url, size in sorted(sizes.items())}
    # third-party requests are refused by the `visit` fixture itself


def test_pages_are_sent_compressed_to_the_browser(visit):
    response = visit.go("/meetings")
    assert response.header_value("content-encoding") in ("br", "zstd", "gzip")
