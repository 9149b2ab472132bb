"""Inputs: turning paths and URLs into articles (files by suffix, feeds and pages by URL).
"""
