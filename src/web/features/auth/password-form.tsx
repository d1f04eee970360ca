import { type FormEvent, useState } from "react";
import { errorMessage } from "../../lib/api-client.ts";
import { Button } from "../../ui/button.tsx";
import { TextField } from "../../ui/field.tsx";

export interface PasswordFormValues {
  name: string;
  email: string;
  password: string;
}

/** Email + password (and a name when creating an account), with inline errors. */
export function PasswordForm({
  mode,
  minLength,
  submitLabel,
  onSubmit,
}: {
  mode: "sign-in" | "sign-up";
  minLength: number;
  submitLabel: string;
  onSubmit: (values: PasswordFormValues) => Promise<void>;
}) {
  const [values, setValues] = useState<PasswordFormValues>({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<keyof PasswordFormValues | "form", string>>>({});
  const [busy, setBusy] = useState(false);
  const set = (k: keyof PasswordFormValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (mode === "sign-up" && !values.name.trim()) next.name = "Enter your name.";
    if (!/^\S+@\S+\.\S+$/.test(values.email.trim())) next.email = "Enter a valid email address.";
    if (mode === "sign-up" && values.password.length < minLength)
      next.password = `Use at least ${minLength} characters.`;
    if (mode === "sign-in" && !values.password) next.password = "Enter your password.";
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      await onSubmit({ ...values, email: values.email.trim(), name: values.name.trim() });
    } catch (error) {
      setErrors({ form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4">
      {mode === "sign-up" && (
        <TextField
          label="Your name"
          autoComplete="name"
          value={values.name}
          onChange={set("name")}
          error={errors.name}
        />
      )}
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        value={values.email}
        onChange={set("email")}
        error={errors.email}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
        value={values.password}
        onChange={set("password")}
        error={errors.password}
        {...(mode === "sign-up" ? { hint: `At least ${minLength} characters.` } : {})}
      />
      {errors.form && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {errors.form}
        </p>
      )}
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}
