"""Forecasting: point-forecast models, the backtest-driven engine with intervals, and series read from the store."""
