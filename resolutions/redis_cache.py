"""Django's own ``RedisCache``, keeping one redis-py client per connection pool.

Django builds a new ``redis.Redis`` for every cache command, and each one copies redis-py's table
of about 200 response callbacks: with four commands per request (data version, cached response,
rate limit), that was 0.6 ms of a 1.4 ms cached answer. The clients share Django's pools, so
connections, options and thread safety are Django's and redis-py's.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
