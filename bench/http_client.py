"""A small HTTP client for the production scripts: requests as the TLS proxy forwards them
(X-Forwarded-Proto: https, X-Forwarded-For), with a cookie jar that keeps Secure cookies."""

import http.client
import re
import urllib.parse


class Client:
    def __init__(self, port, address="203.0.113.7", timeout=10):
        self.port = port
        self.address = address
        self.timeout = timeout
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        all_headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Origin"] = f"https://127.0.0.1:{self.port}"
            all_headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, content

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data):
        return self.request("POST", path, body=data)

    def csrf_token(self, content):
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()

    def log_in(self, username, password):
        _response, content = self.get("/admin/login/")
        response, _content = self.post(
            "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": self.csrf_token(content), "username": username, "password": password},
        )
        self.last_login_answer = (response.status, response.headers.get("Location"))
        return response.status == 302 and response.headers["Location"] == "/admin/"
