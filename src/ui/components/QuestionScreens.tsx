// One screen per question kind: select, text, checklist, certificate paths, masked secret.
// Each shows the question, its one-line why, the control, an inline error, and the keys.

import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './KeyRouter.js';
import type { CertificateCheck, CertificatePaths, WizardOptions } from '../types.js';
import { certificateDefaults, type CertificatesQuestion, type MultiQuestion, type Question, type QuestionContext, type SecretQuestion, type SelectQuestion, type TextQuestion } from '../wizard/questions.js';
import { useTheme } from '../hooks/use-theme.js';
import { KeyHints } from './Header.js';
import { MultiSelect } from './MultiSelect.js';
import { Select } from './Select.js';
import { TextInput } from './TextInput.js';

export interface ScreenProps<Q extends Question, V> {
  question: Q;
  ctx: QuestionContext;
  active: boolean;
  onAnswer: (value: V) => void;
  onBack: () => void;
}

function Title({ question }: { question: Question }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold wrap="truncate-end">
        {question.title}
      </Text>
      <Text color={theme.muted} wrap="wrap">
        {question.why}
      </Text>
    </Box>
  );
}

function ErrorLines({ errors, warnings = [] }: { errors: string[]; warnings?: string[] }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {errors.map((e, i) => (
        <Text key={`e${i}`} color={theme.error} wrap="wrap">
          ✗ {e}
        </Text>
      ))}
      {warnings.map((w, i) => (
        <Text key={`w${i}`} color={theme.warn} wrap="wrap">
          ! {w}
        </Text>
      ))}
    </Box>
  );
}

/** Esc (and ← where no text is typed) goes back. */
function useBack(active: boolean, onBack: () => void, arrowToo: boolean) {
  useKeys(
    (_input, key) => {
      if (key.escape || (arrowToo && key.leftArrow)) onBack();
    },
    { isActive: active },
  );
}

export function SelectScreen({ question, ctx, active, onAnswer, onBack }: ScreenProps<SelectQuestion, string>) {
  useBack(active, onBack, true);
  const choices = question.choices(ctx);
  const width = Math.max(...choices.map((c) => c.value.length));
  return (
    <Box flexDirection="column">
      <Title question={question} />
      <Select
        items={choices.map((c) => ({ value: c.value, label: c.label ? `${c.value.padEnd(width)}  ${c.label}` : c.value }))}
        initial={question.value(ctx)}
        onSelect={onAnswer}
        focus={active}
      />
      <Box marginTop={1}>
        <KeyHints hints={['↑/↓ choose', 'Enter confirm', 'Esc/← back', 'Ctrl-C quit']} />
      </Box>
    </Box>
  );
}

export function TextScreen({ question, ctx, active, onAnswer, onBack }: ScreenProps<TextQuestion, string>) {
  useBack(active, onBack, false);
  const initial = question.value(ctx);
  const [value, setValue] = useState(initial);
  const error = question.validate?.(value, ctx);
  return (
    <Box flexDirection="column">
      <Title question={question} />
      <Box>
        <Text>› </Text>
        <TextInput
          initial={initial}
          placeholder={question.placeholder}
          focus={active}
          onChange={setValue}
          onSubmit={(v) => {
            if (!question.validate?.(v, ctx)) onAnswer(v);
          }}
        />
      </Box>
      <ErrorLines errors={error ? [error] : []} />
      <Box marginTop={1}>
        <KeyHints hints={['type to edit', 'Backspace delete', 'Enter confirm', 'Esc back', 'Ctrl-C quit']} />
      </Box>
    </Box>
  );
}

export function MultiScreen({ question, ctx, active, onAnswer, onBack }: ScreenProps<MultiQuestion, string[]>) {
  useBack(active, onBack, true);
  const [error, setError] = useState<string | undefined>();
  return (
    <Box flexDirection="column">
      <Title question={question} />
      <MultiSelect
        items={question.items(ctx)}
        initial={question.value(ctx)}
        focus={active}
        onChange={() => setError(undefined)}
        onSubmit={(selected) => {
          const why = question.validate?.(selected);
          if (why) setError(why);
          else onAnswer(selected);
        }}
      />
      <ErrorLines errors={error ? [error] : []} />
      <Box marginTop={1}>
        <KeyHints hints={['↑/↓ move', 'Space toggle', 'Enter confirm', 'Esc/← back', 'Ctrl-C quit']} />
      </Box>
    </Box>
  );
}

const CERT_FIELDS: { key: keyof CertificatePaths; label: string; file: string }[] = [
  { key: 'key', label: 'Host key   ', file: 'hostkey.pem' },
  { key: 'cert', label: 'Host cert  ', file: 'hostcert.pem' },
  { key: 'chain', label: 'CA chain   ', file: 'chain.pem' },
];

export function CertificatesScreen({
  question, ctx, active, onAnswer, onBack, validate,
}: ScreenProps<CertificatesQuestion, CertificatePaths> & { validate: WizardOptions['validateCertificates'] }) {
  const theme = useTheme();
  const paths = useRef<CertificatePaths>(certificateDefaults(ctx));
  const [field, setField] = useState(0);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<{ for: string; check: CertificateCheck } | undefined>();
  const busy = useRef(false);
  useBack(active && !checking, onBack, false);
  useKeys(
    (_input, key) => {
      if (key.upArrow || (key.shift && key.tab)) setField((f) => Math.max(0, f - 1));
      else if (key.downArrow || key.tab) setField((f) => Math.min(CERT_FIELDS.length - 1, f + 1));
    },
    { isActive: active && !checking },
  );
  const submit = async () => {
    if (busy.current) return;
    const current = { ...paths.current };
    const id = JSON.stringify(current);
    // Warnings were shown for these very paths: a second Enter accepts them.
    if (result && result.for === id && result.check.ok) return onAnswer(current);
    if (!validate) return onAnswer(current);
    busy.current = true;
    setChecking(true);
    let check: CertificateCheck;
    try {
      check = await validate(current);
    } catch (error) {
      check = { ok: false, errors: [`the check itself failed: ${(error as Error).message}`], warnings: [] };
    }
    busy.current = false;
    setChecking(false);
    setResult({ for: id, check });
    if (check.ok && check.warnings.length === 0) onAnswer(current);
  };
  return (
    <Box flexDirection="column">
      <Title question={question} />
      {CERT_FIELDS.map((f, i) => (
        <Box key={f.key}>
          <Text color={i === field ? theme.accent : undefined}>{i === field ? '❯ ' : '  '}{f.label}</Text>
          <TextInput
            initial={paths.current[f.key]}
            focus={active && !checking && i === field}
            onChange={(v) => {
              paths.current = { ...paths.current, [f.key]: v };
            }}
            onSubmit={() => {
              if (i < CERT_FIELDS.length - 1) setField(i + 1);
              else void submit();
            }}
          />
        </Box>
      ))}
      <Box marginTop={1} flexDirection="column">
        {checking ? <Text color={theme.running}>checking the certificates…</Text> : null}
        {result && !checking ? (
          <>
            {result.check.ok ? <Text color={theme.ok}>✓ key, certificate and chain are valid</Text> : null}
            <ErrorLines errors={result.check.errors} warnings={result.check.warnings} />
            {result.check.ok && result.check.warnings.length ? <Text>Press Enter again to accept these warnings.</Text> : null}
          </>
        ) : null}
      </Box>
      <Box marginTop={1}>
        <KeyHints hints={['↑/↓/Tab field', 'Enter next/check', 'Esc back', 'Ctrl-C quit']} />
      </Box>
    </Box>
  );
}

export function SecretScreen({ question, ctx, active, onAnswer, onBack }: ScreenProps<SecretQuestion, string>) {
  const theme = useTheme();
  useBack(active, onBack, false);
  const [error, setError] = useState<string | undefined>();
  const { spec } = question;
  return (
    <Box flexDirection="column">
      <Title question={question} />
      <Box>
        <Text>› </Text>
        <TextInput
          initial={ctx.secrets[spec.key] ?? ''}
          mask="•"
          focus={active}
          placeholder={spec.generate ? '(empty: generate a strong random value)' : undefined}
          onChange={() => setError(undefined)}
          onSubmit={(v) => {
            if (!v && !spec.generate) setError('a value is needed: it comes from outside panda-k8s');
            else onAnswer(v);
          }}
        />
      </Box>
      {spec.generate ? <Text color={theme.muted}>Leave empty and press Enter to have panda-k8s generate it.</Text> : null}
      <ErrorLines errors={error ? [error] : []} />
      <Box marginTop={1}>
        <KeyHints hints={['typed text is hidden', 'Enter confirm', 'Esc back', 'Ctrl-C quit']} />
      </Box>
    </Box>
  );
}
