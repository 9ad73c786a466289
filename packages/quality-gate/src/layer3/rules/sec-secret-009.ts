import { defineSecretRule, j } from '../secret-pattern.js';

export const rule = defineSecretRule({
  code: 'SEC-SECRET-009',
  pattern: /\b((?:sk|pk|rk)_live_[A-Za-z0-9]{16,})\b/,
  message: 'Stripe live key committed to source.',
  remediation: 'Roll the key in the Stripe dashboard and load it from the environment.',
  samples: {
    truePositive: [{ path: 'a/pay.py', content: j('stripe.api_key = "sk_', 'live_51Hx9Kz2Lq8Vb3Tn7Wm1Pc4"\n') }],
    subtleTruePositive: [{ path: 'a/checkout.tsx', content: j("const stripe = loadStripe('pk_", "live_7Rk2Zq9Lm4Xp1Vb8Nc3Hy6Td');\n") }],
    decoys: [
      { path: 'a/pay.py', content: j('stripe.api_key = "sk_', 'test_51Hx9Kz2Lq8Vb3Tn7Wm1Pc4"\n') },
      { path: 'a/pay.ts', content: 'const key = process.env.STRIPE_SECRET_KEY; // sk_live_... in production\n' },
    ],
  },
});
