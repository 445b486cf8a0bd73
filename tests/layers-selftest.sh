#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tests/layers.sh must catch one planted violation of each of its rules.
exec "$top_srcdir/tests/layers.sh" --self-test
