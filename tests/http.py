def body_bytes(response):
    """A test-client response's body, whether it was streamed (feeds, exports) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def body_text(response):
    return body_bytes(response).decode()
