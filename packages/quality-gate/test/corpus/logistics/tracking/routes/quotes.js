const express = require('express');

const router = express.Router();
const RATES = { standard: 4.9, express: 12.5 };

router.post('/', (req, res) => {
  const rate = RATES[req.body.service] || RATES.standard;
  res.json({ price: rate * (req.body.weightKg || 1) });
});

router.delete('/cache', (_req, res) => {
  res.status(204).end();
});

module.exports = router;
