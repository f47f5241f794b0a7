// Inputs that the child builds itself from small descriptors (so big arrays never cross IPC).
import { buildSumInput, prepareSumRound, type SumInput, type SumRound } from './sum/inputs.js'

export function buildInput(name: string, params: unknown, state: Map<string, unknown>): unknown {
  if (name === 'sum.values') return buildSumInput(params as SumInput, state)
  throw new Error(`unknown input "${name}"`)
}

export function prepareRound(name: string, params: unknown, state: Map<string, unknown>): void {
  if (name === 'sum.round') prepareSumRound(params as SumRound, state)
  else throw new Error(`unknown round "${name}"`)
}
