"""Imported by Python at start-up in the tests' runs of the AWS CLI (PYTHONPATH, test/support/aws-cli.ts).

The CLI may reach past the endpoint it is given: version 1 fetches a parameter value that starts with
https://. Here a name other than a loopback one is not resolved and a connection to an address other
than a loopback one is refused, before anything leaves the machine, so such a command fails its test.
"""
import ipaddress
import socket

_LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def _is_loopback(host):
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    if text.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _refuse(host):
    raise ConnectionRefusedError(f"tests reach only loopback addresses: {host} refused (test/support/python-loopback-only)")


def _loopback_getaddrinfo(host, *args, **kwargs):
    if not _is_loopback(host):
        _refuse(host)
    return _getaddrinfo(host, *args, **kwargs)


def _checked(address, family):
    if family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
        _refuse(address[0])


def _loopback_connect(self, address):
    _checked(address, self.family)
    return _connect(self, address)


def _loopback_connect_ex(self, address):
    _checked(address, self.family)
    return _connect_ex(self, address)


socket.getaddrinfo = _loopback_getaddrinfo
socket.socket.connect = _loopback_connect
socket.socket.connect_ex = _loopback_connect_ex
