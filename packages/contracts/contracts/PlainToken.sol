// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlainToken
/// @notice A plain ERC-20 (no ERC-165, no ERC-7674) with configurable decimals.
/// Economies may use it; TokenHolder then falls back to approve / reset-to-zero.
contract PlainToken is ERC20 {
    uint8 private immutable DECIMALS;

    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        uint256 supply,
        address treasury
    ) ERC20(name_, symbol_) {
        DECIMALS = decimals_;
        _mint(treasury, supply);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return DECIMALS;
    }
}
