// Inputs that the child builds itself from small descriptors (so big arrays never cross IPC).
import {
  buildCheckFiles,
  buildSampleFiles,
  prepareAccessLogsRound,
  type CheckFilesParams,
} from './access-logs/inputs.js'
import type { AccessLogsRoundParams, SampleRef } from './access-logs/samples.js'
import { buildTree, type TreeSpec } from './files/tree.js'
import {
  buildSampleSources,
  buildSources,
  prepareLogAnalyticsRound,
  type SourcesParams,
} from './log-analytics/inputs.js'
import type { LogAnalyticsRoundParams, SampleRef as LogAnalyticsSampleRef } from './log-analytics/samples.js'
import { buildProgressOptions, type ProgressOptions } from './greyscale/progress-input.js'
import { prepareGreyscaleRound, type GreyscaleRound } from './greyscale/round-input.js'
import { buildSumInput, freshBytes, prepareSumRound, type SumInput, type SumRound } from './sum/inputs.js'

/** What the child does around one timed call of an input: changes made right before it, undone right after. */
export interface AroundCall {
  enter(): void
  leave(): void
}

export function buildInput(name: string, params: unknown, state: Map<string, unknown>): unknown {
  if (name === 'sum.values') return buildSumInput(params as SumInput, state)
  if (name === 'files.tree') return buildTree(params as TreeSpec)
  if (name === 'greyscale.progress-options') return buildProgressOptions(params as ProgressOptions)
  if (name === 'access-logs.files') return buildCheckFiles(params as CheckFilesParams)
  if (name === 'access-logs.sample') return buildSampleFiles(params as SampleRef, state)
  if (name === 'log-analytics.sources') return buildSources(params as SourcesParams)
  if (name === 'log-analytics.sample') return buildSampleSources(params as LogAnalyticsSampleRef, state)
  throw new Error(`unknown input "${name}"`)
}

/** The changes around a call that an input asks for (fresh bytes the call cannot have seen), or undefined. */
export function aroundCall(name: string, params: unknown, value: unknown): AroundCall | undefined {
  if (name === 'sum.values' && value instanceof Float64Array) return freshBytes(params as SumInput, value)
  return undefined
}

export function prepareRound(name: string, params: unknown, state: Map<string, unknown>): void {
  if (name === 'sum.round') prepareSumRound(params as SumRound, state)
  else if (name === 'greyscale.round') prepareGreyscaleRound(params as GreyscaleRound)
  else if (name === 'access-logs.round') prepareAccessLogsRound(params as AccessLogsRoundParams, state)
  else if (name === 'log-analytics.round') prepareLogAnalyticsRound(params as LogAnalyticsRoundParams, state)
  else throw new Error(`unknown round "${name}"`)
}
