const express = require('express');
const { positions } = require('../lib/bus');

const router = express.Router();

router.get('/:shipmentId', (req, res) => {
  const p = positions.get(req.params.shipmentId);
  if (!p) return res.status(404).json({ error: 'unknown shipment' });
  return res.json(p);
});

router.put('/:shipmentId/position', (req, res) => {
  positions.set(req.params.shipmentId, { ...req.body, lastSeen: Date.now() });
  res.status(204).end();
});

module.exports = router;
