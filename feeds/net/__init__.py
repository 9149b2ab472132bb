"""The network: the bounded HTTP client (limits, zones, slots), byte decoding, the private-address
zone check and feed discovery in HTML pages.
"""
